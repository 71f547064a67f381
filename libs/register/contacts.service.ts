import { Injectable } from '@nestjs/common';
import { AuditService } from '#libs/audit';
import { InvitationService, normaliseEmail, type CreatedInvitation, type Role } from '#libs/auth';
import { DomainError, conflict, invalid, notFound } from '#libs/core';
import { TenantTransactions, type SchoolScope } from '#libs/database';
import type { Channel, Relationship } from './domain/values.js';
import { Contact } from './contact.entity.js';
import { PupilContact } from './pupil-contact.entity.js';

export interface ContactDetails {
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  preferredChannel: Channel;
}

export interface LinkDetails {
  relationship: Relationship;
  parentalResponsibility: boolean;
  /** Has care of the pupil: a parent in education law even without parental responsibility (Education Act 1996 s.576). */
  hasCare: boolean;
}

export interface LinkedContact extends ContactDetails, LinkDetails {
  contactId: string;
  priority: number;
  hasAccount: boolean;
}

@Injectable()
export class ContactsService {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly audit: AuditService,
    private readonly invitations: InvitationService,
  ) {}

  /** A pupil's contacts in priority order. `onlyUserId` narrows it to the caller's own record (a parent). */
  async forPupil(scope: SchoolScope, pupilId: string, onlyUserId?: string): Promise<LinkedContact[]> {
    const qb = this.tx
      .manager()
      .createQueryBuilder(PupilContact, 'pc')
      .innerJoinAndSelect('pc.contact', 'c')
      .where('pc.school_id = :schoolId and pc.pupil_id = :pupilId', { schoolId: scope.schoolId, pupilId })
      .orderBy('pc.priority', 'ASC');
    if (onlyUserId) qb.andWhere('c.user_id = :userId', { userId: onlyUserId });
    return (await qb.getMany()).map(toLinked);
  }

  /** The contacts of many pupils at once (exports and imports), keyed by pupil, in priority order. */
  async forPupils(scope: SchoolScope, pupilIds: string[]): Promise<Map<string, LinkedContact[]>> {
    const byPupil = new Map<string, LinkedContact[]>();
    if (pupilIds.length === 0) return byPupil;
    const links = await this.tx
      .manager()
      .createQueryBuilder(PupilContact, 'pc')
      .innerJoinAndSelect('pc.contact', 'c')
      .where('pc.school_id = :schoolId and pc.pupil_id in (:...pupilIds)', { schoolId: scope.schoolId, pupilIds })
      .orderBy('pc.priority', 'ASC')
      .getMany();
    for (const link of links) byPupil.set(link.pupilId, [...(byPupil.get(link.pupilId) ?? []), toLinked(link)]);
    return byPupil;
  }

  /** Adds a new contact to a pupil, or links an existing one (a sibling's parent) by id. */
  async addToPupil(scope: SchoolScope, pupilId: string, input: { contactId?: string; details?: ContactDetails; link: LinkDetails }): Promise<LinkedContact> {
    const m = this.tx.manager();
    let contact: Contact;
    if (input.contactId) {
      const found = await m.findOneBy(Contact, { id: input.contactId, schoolId: scope.schoolId });
      if (!found) throw invalid([{ field: 'contactId', message: 'contactId is not a contact of this school' }]);
      contact = found;
    } else if (input.details) {
      checkReachable(input.details);
      contact = await m.save(m.create(Contact, { ...clean(input.details), schoolId: scope.schoolId, userId: null }));
      await this.audit.record(scope, { action: 'contact.created', entityType: 'contact', entityId: contact.id });
    } else {
      throw invalid([{ field: 'contactId', message: 'give either contactId or the new contact’s details' }]);
    }
    if (await m.existsBy(PupilContact, { schoolId: scope.schoolId, pupilId, contactId: contact.id })) {
      throw conflict('This contact is already linked to the pupil', [{ field: 'contactId', message: 'already linked' }]);
    }
    // An aggregate always answers one row.
    const [{ next }] = await m.query<[{ next: number }]>(
      `select coalesce(max(priority), 0) + 1 as next from pupil_contacts where school_id = $1 and pupil_id = $2`,
      [scope.schoolId, pupilId],
    );
    const link = await m.save(m.create(PupilContact, { schoolId: scope.schoolId, pupilId, contactId: contact.id, ...input.link, priority: Number(next) }));
    await this.audit.record(scope, { action: 'contact.linked', entityType: 'pupil', entityId: pupilId, details: { contactId: contact.id } });
    return toLinked({ ...link, contact });
  }

  async update(scope: SchoolScope, contactId: string, patch: Partial<ContactDetails>): Promise<Contact> {
    const m = this.tx.manager();
    const contact = await m.findOneBy(Contact, { id: contactId, schoolId: scope.schoolId });
    if (!contact) throw notFound('Contact');
    const merged = { ...contact, ...patch };
    checkReachable(merged);
    await m.update(Contact, { id: contactId, schoolId: scope.schoolId }, clean(merged));
    await this.audit.record(scope, {
      action: 'contact.updated',
      entityType: 'contact',
      entityId: contactId,
      details: { fields: Object.keys(patch).sort().join(',') },
    });
    return (await m.findOneBy(Contact, { id: contactId, schoolId: scope.schoolId }))!;
  }

  async updateLink(scope: SchoolScope, pupilId: string, contactId: string, patch: Partial<LinkDetails>): Promise<void> {
    const where = { schoolId: scope.schoolId, pupilId, contactId };
    const changes = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    // An empty PATCH changes nothing and is answered as one that did (TypeORM refuses an UPDATE with no SET).
    const found =
      Object.keys(changes).length === 0
        ? await this.tx.manager().existsBy(PupilContact, where)
        : ((await this.tx.manager().update(PupilContact, where, changes)).affected ?? 0) > 0;
    if (!found) throw notFound('Contact of this pupil');
  }

  async unlink(scope: SchoolScope, pupilId: string, contactId: string): Promise<void> {
    const res = await this.tx.manager().delete(PupilContact, { schoolId: scope.schoolId, pupilId, contactId });
    if (!res.affected) throw notFound('Contact of this pupil');
    await this.audit.record(scope, { action: 'contact.unlinked', entityType: 'pupil', entityId: pupilId, details: { contactId } });
  }

  /** Invites a contact to a parent account, which will see only the pupils this contact is linked to. */
  async invite(scope: SchoolScope, inviterRoles: readonly Role[], contactId: string): Promise<CreatedInvitation> {
    const m = this.tx.manager();
    const contact = await m.findOneBy(Contact, { id: contactId, schoolId: scope.schoolId });
    if (!contact) throw notFound('Contact');
    if (!contact.email) throw invalid([{ field: 'email', message: 'the contact has no email address to send the invitation to' }]);
    if (contact.userId) throw conflict('This contact already has a parent account');
    const links = await m.findBy(PupilContact, { schoolId: scope.schoolId, contactId });
    if (links.length === 0) throw conflict('This contact is not linked to any pupil, so an account would show nothing');
    // The portal shows a child's SEN record: only to a parent in the s.576 sense (Education Act 1996), someone
    // with parental responsibility or care of the child, and never to a relative or professional with neither.
    if (!links.some((l) => l.parentalResponsibility || l.hasCare)) {
      throw new DomainError(422, 'not-a-parent', 'Only a parent or carer with parental responsibility or care of the child can have a parent account', [
        {
          field: 'contactId',
          message: 'the contact has neither parental responsibility nor care of any pupil they are linked to, so they cannot be given a parent account',
        },
      ]);
    }
    return this.invitations.create(scope, inviterRoles, contact.email, 'parent', { contactId });
  }
}

function clean(d: ContactDetails): ContactDetails {
  return {
    firstName: d.firstName.trim(),
    lastName: d.lastName.trim(),
    email: d.email ? normaliseEmail(d.email) : null,
    phone: d.phone?.trim() || null,
    preferredChannel: d.preferredChannel,
  };
}

/** A preferred channel the school has no address for would make every formal notice fail. */
function checkReachable(d: ContactDetails): void {
  if (d.preferredChannel === 'email' && !d.email) throw invalid([{ field: 'email', message: 'email is required when the preferred channel is email' }]);
  if ((d.preferredChannel === 'sms' || d.preferredChannel === 'phone') && !d.phone) {
    throw invalid([{ field: 'phone', message: `phone is required when the preferred channel is ${d.preferredChannel}` }]);
  }
}

function toLinked(pc: PupilContact & { contact?: Contact }): LinkedContact {
  const c = pc.contact!;
  return {
    contactId: c.id,
    firstName: c.firstName,
    lastName: c.lastName,
    email: c.email,
    phone: c.phone,
    preferredChannel: c.preferredChannel,
    relationship: pc.relationship,
    parentalResponsibility: pc.parentalResponsibility,
    hasCare: pc.hasCare,
    priority: pc.priority,
    hasAccount: c.userId !== null,
  };
}
