declare module "nhs-number-validator" {
  /** True when the 10 digits pass the NHS number's modulus-11 check. */
  export function validate(nhsNumber: string | number): boolean;
}
