import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { User } from '#libs/auth';
import { School } from '#libs/tenancy';

/**
 * A member of staff's channels at a school: whether reminders (a review coming up or overdue) also come by email.
 * The inbox always has them; the statutory EHC clocks always come by both. No row: email on.
 */
@Entity('staff_notification_settings')
export class StaffNotificationSetting {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_staff_notification_settings' })
  schoolId: string;

  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_staff_notification_settings' })
  userId: string;

  @ManyToOne(() => School, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'school_id', foreignKeyConstraintName: 'fk_staff_notification_settings_school' })
  school?: School;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_staff_notification_settings_user' })
  user?: User;

  @Column({ type: 'boolean', default: true })
  emailReminders: boolean;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
