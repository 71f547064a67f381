import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { OutboxEvent, PlatformOutboxEvent } from '#libs/outbox';
import { Pupil } from '#libs/register';
import { School } from '#libs/tenancy';

export const CHANNELS = ['email', 'in_app', 'post'] as const;
export type DeliveryChannel = (typeof CHANNELS)[number];
export const DELIVERY_STATUSES = ['queued', 'sending', 'sent', 'retrying', 'failed', 'bounced', 'needs_action'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
/**
 * A parent or carer (contact), a member of staff (user), a young person told themself (pupil), or an outside
 * professional a record was shared with (external: the id is the share's), or someone invited to an account
 * (invitee: the id is the invitation's).
 */
export const RECIPIENT_TYPES = ['contact', 'user', 'pupil', 'external', 'invitee'] as const;
export type RecipientType = (typeof RECIPIENT_TYPES)[number];

/**
 * The columns of a delivery, shared by a school's (deliveries) and platform mail's (platform_deliveries).
 * Not an entity itself.
 */
export abstract class DeliveryColumns {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  eventId: string;

  @Column({ type: 'uuid', nullable: true })
  pupilId: string | null;

  /** The message template, e.g. sen_support_started. */
  @Column({ type: 'varchar', length: 40 })
  kind: string;

  /** The formal SEN Support notice: preferences cannot switch it off. */
  @Column({ type: 'boolean', default: false })
  statutory: boolean;

  @Column({ type: 'varchar', length: 10 })
  recipientType: RecipientType;

  @Column({ type: 'uuid' })
  recipientId: string;

  /** A required recipient of the formal notice (a parent in the s.576 sense, or the young person): the notice is given when every one has it. */
  @Column({ type: 'boolean', default: false })
  parentalResponsibility: boolean;

  @Column({ type: 'varchar', length: 10 })
  channel: DeliveryChannel;

  /** The email address used, or the user whose inbox it went to. */
  @Column({ type: 'varchar', length: 254, nullable: true })
  address: string | null;

  @Column({ type: 'uuid', nullable: true })
  inboxUserId: string | null;

  @Column({ type: 'varchar', length: 16 })
  status: DeliveryStatus;

  @Column({ type: 'smallint', default: 0 })
  attempts: number;

  /** What went wrong last, as a code or the server's reply: never message content. */
  @Column({ type: 'varchar', length: 300, nullable: true })
  lastError: string | null;

  /** While a send is in progress: another worker leaves it alone until then. */
  @Column({ type: 'timestamptz', nullable: true })
  leaseUntil: Date | null;

  /** Set when an attempt was cut off between the SMTP server accepting a message and this row being marked. */
  @Column({ type: 'boolean', default: false })
  possibleDuplicate: boolean;

  /** The fixed Message-ID of the email, so a resend is recognisable downstream. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  messageId: string | null;

  @Column({ type: 'varchar', length: 300 })
  subject: string;

  @Column({ type: 'text' })
  bodyText: string;

  @Column({ type: 'text' })
  bodyHtml: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  /**
   * An account email's link token, sealed (account-emails.ts): put into the message only as it is sent, then
   * cleared, so the delivery log keeps the message with the link's place marked, never a usable link.
   */
  @Column({ type: 'varchar', length: 255, nullable: true })
  secretSealed: string | null;
}

/**
 * One message to one recipient on one channel, for one event: the proof of what was sent, to whom and when.
 * The unique key (school, event, recipient, channel) makes any retry of the fan-out a no-op; the message is
 * rendered once, when the delivery is written, and kept as sent.
 */
@Entity('deliveries')
@Index('uq_deliveries_event_recipient_channel', ['schoolId', 'eventId', 'recipientType', 'recipientId', 'channel'], { unique: true })
@Index('idx_deliveries_school_pupil', ['schoolId', 'pupilId', 'createdAt'])
@Index('idx_deliveries_school_status', ['schoolId', 'status', 'updatedAt'])
export class Delivery extends DeliveryColumns {
  @PrimaryColumn({ type: 'uuid' })
  schoolId: string;

  @ManyToOne(() => School, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'school_id' })
  school?: School;

  @ManyToOne(() => OutboxEvent, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'school_id', referencedColumnName: 'schoolId' },
    { name: 'event_id', referencedColumnName: 'id' },
  ])
  event?: OutboxEvent;

  @ManyToOne(() => Pupil, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'school_id', referencedColumnName: 'schoolId' },
    { name: 'pupil_id', referencedColumnName: 'id' },
  ])
  pupil?: Pupil;
}

/**
 * An account email to someone in no school, for a PlatformOutboxEvent: email only, about no pupil. Only the
 * worker's relay scope reads or writes these rows. `schoolId` is always null (not a column), as on the event.
 */
@Entity('platform_deliveries')
@Check('ck_platform_deliveries_email', `"pupil_id" IS NULL AND "channel" = 'email'`)
@Index('uq_platform_deliveries_event_recipient_channel', ['eventId', 'recipientType', 'recipientId', 'channel'], { unique: true })
export class PlatformDelivery extends DeliveryColumns {
  readonly schoolId = null;

  @ManyToOne(() => PlatformOutboxEvent, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'event_id' })
  event?: PlatformOutboxEvent;
}

/** Either kind of delivery: `schoolId` null means platform mail. */
export type AnyDelivery = Delivery | PlatformDelivery;
