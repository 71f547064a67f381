import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { School } from '#libs/tenancy';
import { Contact } from './contact.entity.js';
import type { Relationship } from './domain/values.js';
import { Pupil } from './pupil.entity.js';

/** The link between a pupil and a parent or carer, with the relationship and parental responsibility. */
@Entity('pupil_contacts')
@Index('uq_pupil_contacts_pupil_contact', ['schoolId', 'pupilId', 'contactId'], { unique: true })
@Index('idx_pupil_contacts_contact', ['schoolId', 'contactId'])
export class PupilContact {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_pupil_contacts' })
  id: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_pupil_contacts' })
  schoolId: string;

  @ManyToOne(() => School, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'school_id' })
  school?: School;

  @Column({ type: 'uuid' })
  pupilId: string;

  @ManyToOne(() => Pupil, { onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'school_id', referencedColumnName: 'schoolId' },
    { name: 'pupil_id', referencedColumnName: 'id' },
  ])
  pupil?: Pupil;

  @Column({ type: 'uuid' })
  contactId: string;

  @ManyToOne(() => Contact, { onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'school_id', referencedColumnName: 'schoolId' },
    { name: 'contact_id', referencedColumnName: 'id' },
  ])
  contact?: Contact;

  @Column({ type: 'varchar', length: 16 })
  relationship: Relationship;

  /** Formal notices go to every contact with parental responsibility or care (Education Act 1996 s.576). */
  @Column({ type: 'boolean' })
  parentalResponsibility: boolean;

  /**
   * Has care of the pupil (lives with them), e.g. a foster or kinship carer: a "parent" in education law even
   * without parental responsibility (Education Act 1996 s.576), so they get the formal notice too.
   */
  @Column({ type: 'boolean', default: false })
  hasCare: boolean;

  /** 1 is the first contact; the MIS order is kept. */
  @Column({ type: 'smallint' })
  priority: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
