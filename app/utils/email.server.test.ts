import { expect, test } from "vitest";
import { mailDelivery } from "./email.server";

test("e-mail goes by SMTP when set; otherwise to the console only for development or the demo, else nowhere", () => {
  expect(mailDelivery({ SMTP_URL: "smtp://localhost:25", NODE_ENV: "production" }, false)).toBe("smtp");
  expect(mailDelivery({ SMTP_URL: undefined, NODE_ENV: "development" }, false)).toBe("console");
  expect(mailDelivery({ SMTP_URL: undefined, NODE_ENV: "production" }, true)).toBe("console");
  expect(mailDelivery({ SMTP_URL: undefined, NODE_ENV: "production" }, false)).toBe("none");
});
