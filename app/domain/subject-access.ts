// Limits of a released subject access copy (shared by the settings form and the model).

/** How many times a released copy can be read: the document and the JSON file each count. */
export const SUBJECT_ACCESS_READINGS = 5;

/** The longest an organisation may keep a released copy readable (the setting's upper bound). */
export const MAX_SUBJECT_ACCESS_DAYS = 30;
