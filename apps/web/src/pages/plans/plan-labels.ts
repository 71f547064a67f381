/** Who was at a planning or review meeting, in the words the form uses (the API's attendee roles). */
export const ATTENDEE_ROLE: Record<string, string> = {
  parent: 'Parent or carer',
  pupil: 'Pupil',
  senco: 'SENCO',
  class_teacher: 'Class teacher',
  teaching_assistant: 'Teaching assistant',
  professional: 'Professional from outside school',
  other: 'Someone else',
};
