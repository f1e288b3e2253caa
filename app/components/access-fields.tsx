import { ROLE_LABELS, ROLES } from "~/auth/roles";
import { Checkboxes } from "~/components/checkboxes";
import { chosenValues, type FormField } from "~/components/forms";

/** Roles and, for managers, the teams in their remit: the same on the invite and the edit form. */
export function AccessFields({
  roles,
  remit,
  teams,
}: {
  roles: FormField;
  remit: FormField;
  teams: { value: string; label: string }[];
}) {
  return (
    <>
      <Checkboxes
        id={roles.id}
        name={roles.name}
        legend="Roles"
        options={ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] }))}
        selected={chosenValues(roles)}
        errors={roles.errors}
      />
      <Checkboxes
        id={remit.id}
        name={remit.name}
        legend="Teams a manager may see"
        hint="Only for managers. They see anonymised figures for these teams, never a person."
        options={teams}
        selected={chosenValues(remit)}
        errors={remit.errors}
      />
    </>
  );
}
