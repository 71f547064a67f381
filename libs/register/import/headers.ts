/** Column headers match ignoring case and all whitespace: "Date of Birth" = "date of birth" = "DateOfBirth". */
export const normaliseHeader = (header: string) => header.replace(/\s+/g, '').toLowerCase();
