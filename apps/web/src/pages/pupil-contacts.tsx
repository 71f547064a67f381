import { useState, type FormEvent } from 'react';
import { api, must, type Schemas } from '../api/client';
import { isOneOf } from '../labels';
import { ErrorSummary, Field, Select, Tag, TextField, useAction } from '../ui';

/*
 * The pupil page's parents and carers, and a young person's own notices. Who is a parent here is the
 * education-law sense (Education Act 1996 s.576): parental responsibility or care of the child. Formal notices go
 * to each such parent, or to a young person (over compulsory school age) themself (CFA 2014 s.68).
 */

type Relationship = Schemas['AddContactDto']['relationship'];
type Channel = NonNullable<Schemas['AddContactDto']['preferredChannel']>;
type Informed = NonNullable<Schemas['UpdatePupilDto']['youngPersonParentsInformed']>;

const RELATIONSHIP: Record<Relationship, string> = {
  mother: 'Mother',
  father: 'Father',
  parent: 'Parent',
  step_parent: 'Step-parent',
  carer: 'Carer',
  foster_carer: 'Foster carer',
  guardian: 'Guardian',
  grandparent: 'Grandparent',
  sibling: 'Sibling',
  social_worker: 'Social worker',
  other: 'Other',
};

const CHANNEL: Record<Channel, string> = { email: 'Email', sms: 'Text message', phone: 'Phone', post: 'Letter' };

const CARE_HINT =
  'Lives with the pupil and looks after them, e.g. a foster or kinship carer. They get the formal notices even without parental responsibility.';

/** The two facts that make a contact a parent in education law, as checkboxes. */
function ParentFacts({
  responsibility,
  care,
  onResponsibility,
  onCare,
}: {
  responsibility: boolean;
  care: boolean;
  onResponsibility: (v: boolean) => void;
  onCare: (v: boolean) => void;
}) {
  return (
    <fieldset>
      <legend>Parent in education law</legend>
      <label className="check">
        <input type="checkbox" checked={responsibility} onChange={(e) => onResponsibility(e.target.checked)} /> Has parental responsibility
      </label>
      <label className="check">
        <input type="checkbox" checked={care} onChange={(e) => onCare(e.target.checked)} /> Has care of the pupil
      </label>
      <p className="hint">{CARE_HINT}</p>
    </fieldset>
  );
}

/** A parent or carer the MIS did not have; with parental responsibility or care they get the formal notices. */
export function AddContact({ schoolId, pupilId, onAdded }: { schoolId: string; pupilId: string; onAdded: () => void }) {
  const [open, setOpen] = useState(false);
  const [firstName, setFirst] = useState('');
  const [lastName, setLast] = useState('');
  const [relationship, setRelationship] = useState<Relationship>('mother');
  const [responsibility, setResponsibility] = useState(true);
  const [care, setCare] = useState(false);
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const [preferredChannel, setChannel] = useState<Channel>('email');
  const { busy, error, run } = useAction();
  if (!open)
    return (
      <button type="button" className="button secondary" onClick={() => setOpen(true)}>
        Add a parent or carer
      </button>
    );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      must(
        await api.POST('/v1/schools/{schoolId}/pupils/{pupilId}/contacts', {
          params: { path: { schoolId, pupilId } },
          body: {
            firstName: firstName.trim(),
            lastName: lastName.trim(),
            relationship,
            parentalResponsibility: responsibility,
            hasCare: care,
            email: email.trim() || null,
            phone: phone.trim() || null,
            preferredChannel,
          },
        }),
      );
      setOpen(false);
      onAdded();
    });
  };
  return (
    <form onSubmit={submit} className="panel" aria-labelledby="add-contact-h">
      <h3 id="add-contact-h">Add a parent or carer</h3>
      <ErrorSummary error={error} />
      <div className="row">
        <TextField label="First name" value={firstName} onChange={setFirst} autoComplete="off" />
        <TextField label="Last name" value={lastName} onChange={setLast} autoComplete="off" />
      </div>
      <Select label="Relationship to the pupil" value={relationship} onChange={(v) => isOneOf(RELATIONSHIP, v) && setRelationship(v)} options={RELATIONSHIP} />
      <ParentFacts responsibility={responsibility} care={care} onResponsibility={setResponsibility} onCare={setCare} />
      <div className="row">
        <TextField label="Email (optional)" type="email" value={email} onChange={setEmail} autoComplete="off" />
        <TextField label="Phone (optional)" type="tel" value={phone} onChange={setPhone} autoComplete="off" />
      </div>
      <Select label="How they prefer to hear from school" value={preferredChannel} onChange={(v) => isOneOf(CHANNEL, v) && setChannel(v)} options={CHANNEL} />
      <button type="submit" className="button" disabled={busy}>
        Add
      </button>{' '}
      <button type="button" className="button-link" onClick={() => setOpen(false)}>
        Cancel
      </button>
    </form>
  );
}

/** Changes a contact's parental responsibility and care for this pupil. */
function EditParentFacts({
  schoolId,
  pupilId,
  contact,
  onSaved,
}: {
  schoolId: string;
  pupilId: string;
  contact: Schemas['ContactLinkDto'];
  onSaved: () => void;
}) {
  const [responsibility, setResponsibility] = useState(contact.parentalResponsibility);
  const [care, setCare] = useState(contact.hasCare);
  const { busy, error, run } = useAction();
  const name = `${contact.firstName} ${contact.lastName}`;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      must(
        await api.PATCH('/v1/schools/{schoolId}/pupils/{pupilId}/contacts/{contactId}', {
          params: { path: { schoolId, pupilId, contactId: contact.contactId } },
          body: { parentalResponsibility: responsibility, hasCare: care },
        }),
      );
      onSaved();
    });
  };
  return (
    <details>
      <summary>Change responsibility and care for {name}</summary>
      <form onSubmit={submit}>
        <ErrorSummary error={error} />
        <ParentFacts responsibility={responsibility} care={care} onResponsibility={setResponsibility} onCare={setCare} />
        <button type="submit" className="button secondary small" disabled={busy}>
          Save for {name}
        </button>
      </form>
    </details>
  );
}

/**
 * The pupil's contacts. Only a parent in the s.576 sense (parental responsibility or care) is offered the
 * parent portal: it shows the child's SEN record, which a relative or professional with neither may not see.
 */
export function Contacts({
  schoolId,
  pupilId,
  contacts,
  onChange,
}: {
  schoolId: string;
  pupilId: string;
  contacts: Schemas['ContactLinkDto'][];
  onChange: () => void;
}) {
  const [links, setLinks] = useState<Record<string, string>>({});
  const { error, run } = useAction();
  if (contacts.length === 0) return <p>No parent or carer is recorded. Add them through the MIS import.</p>;
  return (
    <>
      <ErrorSummary error={error} />
      <ul className="list">
        {contacts.map((c) => {
          const parent = c.parentalResponsibility || c.hasCare;
          return (
            <li key={c.contactId}>
              <strong>
                {c.firstName} {c.lastName}
              </strong>{' '}
              ({RELATIONSHIP[c.relationship]}
              {c.parentalResponsibility ? ', parental responsibility' : ''}
              {c.hasCare ? ', has care' : ''}) {c.email && <span className="hint">{c.email}</span>}{' '}
              {!parent && <span className="hint">Not sent formal notices and cannot use SEN Manager: neither parental responsibility nor care.</span>}{' '}
              {c.hasAccount ? (
                <Tag tone="green">Uses SEN Manager</Tag>
              ) : c.email && parent ? (
                <button
                  type="button"
                  className="button secondary small"
                  onClick={() =>
                    void run(async () => {
                      const inv = must(
                        await api.POST('/v1/schools/{schoolId}/contacts/{contactId}/invitation', { params: { path: { schoolId, contactId: c.contactId } } }),
                      );
                      setLinks((l) => ({ ...l, [c.contactId]: inv.acceptUrl }));
                      onChange();
                    })
                  }
                >
                  Invite {c.firstName} {c.lastName} to SEN Manager
                </button>
              ) : null}
              {links[c.contactId] && (
                <Field label={`Invitation link for ${c.firstName} ${c.lastName}`} hint="Single use. Give it only to this parent or carer.">
                  {(id) => <input id={id} readOnly value={links[c.contactId]} className="invitation-link" onFocus={(e) => e.currentTarget.select()} />}
                </Field>
              )}
              <EditParentFacts schoolId={schoolId} pupilId={pupilId} contact={c} onSaved={onChange} />
            </li>
          );
        })}
      </ul>
    </>
  );
}

const INFORMED: Record<Informed | '', string> = {
  '': 'No: the notices go to the young person only',
  agrees: 'Yes: the young person agrees',
  lacks_capacity: 'Yes: the young person lacks capacity to decide',
};

/** A young person's own email for notices, and whether their parents are told too. */
export function YoungPersonNotices({
  schoolId,
  pupilId,
  name,
  notices,
  onSaved,
}: {
  schoolId: string;
  pupilId: string;
  name: string;
  notices: Schemas['YoungPersonDto'];
  onSaved: () => void;
}) {
  const [email, setEmail] = useState(notices.email ?? '');
  const [informed, setInformed] = useState<Informed | ''>(notices.youngPersonParentsInformed ?? '');
  const { busy, error, run } = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      must(
        await api.PATCH('/v1/schools/{schoolId}/pupils/{pupilId}', {
          params: { path: { schoolId, pupilId } },
          body: { email: email.trim() || null, youngPersonParentsInformed: informed || null },
        }),
      );
      onSaved();
    });
  };
  return (
    <form onSubmit={submit} className="panel">
      <p>
        {notices.youngPerson
          ? `${name} is over compulsory school age (a young person): formal notices go to them, not to their parents (Children and Families Act 2014, s.68).`
          : `${name} is of compulsory school age: formal notices go to the parents and carers. From the end of June of the school year they turn 16, they go to ${name}.`}
      </p>
      <ErrorSummary error={error} />
      <TextField
        label="The pupil's own email"
        type="email"
        hint="Formal notices to a young person are sent here; without it the school is asked to post them."
        value={email}
        onChange={setEmail}
        autoComplete="off"
      />
      <Select
        label="Send the young person's notices to their parents too?"
        value={informed}
        onChange={(v) => isOneOf(INFORMED, v) && setInformed(v)}
        options={INFORMED}
      />
      <button type="submit" className="button secondary" disabled={busy}>
        Save the pupil's notice details
      </button>
    </form>
  );
}
