import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Trust } from '#libs/tenancy';

/**
 * A local authority's ordinarily available provision framework, one dated version of it (docs/oap.md). It is no
 * school's data: every school whose LA code matches reads it; only the platform admin (owner: no trust) or the
 * owning trust's lead writes it (row-level security, migration 1765190000000-oap.ts).
 */
@Entity('oap_frameworks')
@Index('uq_oap_frameworks_la_version', ['laCode', 'version'], { unique: true })
export class OapFramework {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_oap_frameworks' })
  id: string;

  /** The DfE local authority number, as schools carry it. */
  @Column({ type: 'char', length: 3 })
  laCode: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'smallint' })
  version: number;

  @Column({ type: 'date' })
  effectiveFrom: string;

  /** The authority's published document this was written from: authority, title, year. */
  @Column({ type: 'varchar', length: 500 })
  sourceCitation: string;

  /** The authority's own levels or ranges, in order; empty when it uses none. */
  @Column({ type: 'varchar', length: 40, array: true })
  scale: string[];

  /** Null: the platform's. Otherwise the trust that imported it and alone may change it. */
  @Column({ type: 'uuid', nullable: true })
  ownerTrustId: string | null;

  @ManyToOne(() => Trust, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'owner_trust_id', foreignKeyConstraintName: 'fk_oap_frameworks_trust' })
  ownerTrust?: Trust;

  @Column({ type: 'uuid', nullable: true })
  importedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
