import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A schema Citus can distribute on school_id (docs/scaling.md, section 1; issue 25). Every tenant table's
 * primary key becomes (school_id, id); every foreign key between tenant tables carries school_id on both
 * sides, so a row can no longer name another school's pupil, cycle or group (RLS WITH CHECK was the only
 * guard before); every unique and exclusion constraint includes school_id. The token and session hashes
 * keep a plain index for the lookup by hash alone (a link carries no school), and stay unique per school:
 * they come from 32 random bytes.
 *
 * Not converted: outbox_events and deliveries, whose school_id is null for platform mail (PlatformMail
 * migration); they gain a unique (school_id, id) that the foreign keys to them use, and their keys are
 * converted by the next migration, 1765280000000-platform-mail-tables, once platform mail has tables of its own.
 *
 * Adding the composite foreign keys checks every existing row: a row of one school pointing at another
 * school's row makes this migration fail, naming the constraint, rather than carry the fault forward.
 */

/** [table, old primary key name, new primary key columns]: each becomes "pk_<table>". */
const PRIMARY_KEYS: [string, string, string[]][] = [
  ['audit_events', 'PK_910f64d901a5c3e9878f0d4a407', ['school_id', 'id']],
  ['invitations', 'PK_5dec98cfdfd562e4ad3648bbb07', ['school_id', 'id']],
  ['pupils', 'PK_0b5fa139c33628485dec67159ca', ['school_id', 'id']],
  ['sen_status_entries', 'PK_ad583fc1818337e66dceb066b11', ['school_id', 'id']],
  ['contacts', 'PK_b99cd40cfd66a99f1571f4f72e6', ['school_id', 'id']],
  ['pupil_contacts', 'PK_b54f538e9fe47211433a0a6291e', ['school_id', 'id']],
  ['staff_classes', 'PK_dcded9fba10fc1fda9800e1c4f4', ['school_id', 'id']],
  ['import_batches', 'PK_6162597a2576c03e04bb2c1a2dd', ['school_id', 'id']],
  ['import_mappings', 'PK_0fa9ff07029c3b68e95d7968592', ['school_id', 'id']],
  ['staff_leavers', 'PK_f004c299969a151cef9e78ea3cb', ['school_id', 'id']],
  ['pending_staff_classes', 'PK_910efb5cca846ac5c780caf5bb8', ['school_id', 'id']],
  ['staff_import_batches', 'PK_123b2ae396a8305d2d97bce4d0b', ['school_id', 'id']],
  ['interventions', 'PK_39babe074cbaa90750582bfc38d', ['school_id', 'id']],
  ['school_terms', 'PK_30927ed0b5b84457381a5a66edf', ['school_id', 'id']],
  ['school_closures', 'PK_0677f0c573f3e9ceff66bb26987', ['school_id', 'id']],
  ['sen_budgets', 'PK_dead21d709ae8cf5d713245e7a4', ['school_id', 'id']],
  ['intervention_groups', 'PK_831e069d4c9841be487cd531d27', ['school_id', 'id']],
  ['group_staff', 'PK_5a20b33dcf90ecb661250c5340b', ['school_id', 'id']],
  ['group_slots', 'PK_9c04adeba2d0595e63c3eb92948', ['school_id', 'id']],
  ['group_enrolments', 'PK_d01876147042b68c8b79d9a3199', ['school_id', 'id']],
  ['intervention_sessions', 'PK_f2125c709f01d20eabd5c6ea01d', ['school_id', 'id']],
  ['session_attendance', 'PK_bc946a8e6bc80fd2531356f89e6', ['school_id', 'id']],
  ['session_corrections', 'PK_c36b465dc48d957d7c57b47d670', ['school_id', 'id']],
  ['calendar_feeds', 'PK_045067d8bb57f971f3c5426ea71', ['school_id', 'id']],
  ['inbox_messages', 'PK_f12cf14472c0a9d19bb57cc8478', ['school_id', 'id']],
  ['plan_cycles', 'PK_30879c00932b43f0cbfc71e634c', ['school_id', 'id']],
  ['plan_versions', 'PK_dd2f605d45f2679a86a7c1c5b20', ['school_id', 'id']],
  ['plan_targets', 'PK_0195ad24ee863a04c7615ad6360', ['school_id', 'id']],
  ['plan_provisions', 'PK_54bfe67c065c8421097be08666c', ['school_id', 'id']],
  ['plan_reviews', 'PK_156728cf593bc21a68c5e03aa9f', ['school_id', 'id']],
  ['review_outcomes', 'PK_be75655b21bdb01b545dc66969b', ['school_id', 'id']],
  ['professional_reports', 'PK_772b6331ea2305a29afa2c20f73', ['school_id', 'id']],
  ['plan_contributions', 'PK_465cd4efcbef9e303b82627bc68', ['school_id', 'id']],
  ['oap_adjustments', 'pk_oap_adjustments', ['school_id', 'id']],
  ['oap_not_applicable', 'pk_oap_not_applicable', ['school_id', 'id']],
  ['oap_school_expectations', 'pk_oap_school_expectations', ['school_id', 'id']],
  ['review_reminders', 'PK_4af233f0aa6fe27ee243ae23583', ['school_id', 'id']],
  ['access_events', 'PK_b5edb54463ff60f59a3d40f71e3', ['school_id', 'id']],
  ['subject_access_exports', 'PK_36c53408333382885730299a748', ['school_id', 'id']],
  ['retention_items', 'PK_741b980244c8a69016d417d648b', ['school_id', 'id']],
  ['file_blobs', 'PK_file_blobs', ['school_id', 'id']],
  ['file_chunks', 'PK_file_chunks', ['school_id', 'blob_id', 'seq']],
  ['documents', 'PK_documents', ['school_id', 'id']],
  ['sen_reports', 'PK_c1a92547b2bb95a6b231964a4c1', ['school_id', 'id']],
  ['ehc_plans', 'PK_ehc_plans', ['school_id', 'id']],
  ['ehc_reviews', 'PK_ehc_reviews', ['school_id', 'id']],
  ['ehc_review_invitees', 'PK_ehc_review_invitees', ['school_id', 'id']],
  ['ehc_review_reminders', 'PK_ehc_review_reminders', ['school_id', 'id']],
  ['ehc_requests', 'PK_de50bc93f574b9b939fa10a9686', ['school_id', 'id']],
  ['ehc_request_events', 'PK_87c249caa4d5ea1ee17c78df7c4', ['school_id', 'id']],
  ['ehc_request_reminders', 'PK_6032d694b6f4f4bd5cf6313d321', ['school_id', 'id']],
  ['report_renders', 'PK_09e9344d8950299da5921383694', ['school_id', 'id']],
  ['sso_configs', 'pk_sso_configs', ['school_id', 'id']],
  ['professional_shares', 'PK_professional_shares', ['school_id', 'id']],
  ['share_items', 'PK_share_items', ['school_id', 'id']],
  ['share_codes', 'PK_share_codes', ['school_id', 'id']],
  ['share_views', 'PK_share_views', ['school_id', 'id']],
  ['shared_reports', 'PK_shared_reports', ['school_id', 'id']],
  ['referrals', 'PK_referrals', ['school_id', 'id']],
];

/** [table, column, referenced table, on delete, old constraint, new constraint]. */
const FOREIGN_KEYS: [string, string, string, string, string, string][] = [
  ['sen_status_entries', 'pupil_id', 'pupils', 'RESTRICT', 'FK_2302d6c553ac2f027506c768efb', 'FK_d5986b66773c6793ec11d8abfd5'],
  ['pupil_contacts', 'pupil_id', 'pupils', 'CASCADE', 'FK_16211573157d3181287b849cec3', 'FK_4c4dfb1ea7f2c8b10b2d1477e20'],
  ['pupil_contacts', 'contact_id', 'contacts', 'CASCADE', 'FK_6f79da713f427d4671afb3960e4', 'FK_3b5ac723f50c1f5e1e393d5b3ee'],
  ['intervention_groups', 'intervention_id', 'interventions', 'RESTRICT', 'FK_40961354d5d03883b6aad020977', 'FK_2293f9548019ddac0a63d4bd7cd'],
  ['group_staff', 'group_id', 'intervention_groups', 'CASCADE', 'FK_6dd5c684cc6b057ae276685a1d4', 'FK_2a6209f4d80cf791473b4ffb8da'],
  ['group_slots', 'group_id', 'intervention_groups', 'CASCADE', 'FK_e81ef1dc90dada66a4561cbda07', 'FK_b417060a99f41880d187b499702'],
  ['group_enrolments', 'group_id', 'intervention_groups', 'RESTRICT', 'FK_a845e28446d5457f91c17d39c3b', 'FK_98190042d839583526f9f7630d6'],
  ['group_enrolments', 'pupil_id', 'pupils', 'RESTRICT', 'FK_658505deb01d3f333b595e125c7', 'FK_1ae4282336646c9ba35fde2898e'],
  ['intervention_sessions', 'group_id', 'intervention_groups', 'RESTRICT', 'FK_235cbcee728eaae2f8542ea022c', 'FK_1428853c0184a2538e248680312'],
  ['session_attendance', 'session_id', 'intervention_sessions', 'RESTRICT', 'FK_fe13eeaaceb32f7ef9a269e1af2', 'FK_bc55b89f44e86ed32f81ac80fc0'],
  ['session_attendance', 'pupil_id', 'pupils', 'RESTRICT', 'FK_4b8d18a0d8036130fe6e50d8824', 'FK_6712ba2a508d8a0b2cd172d74f7'],
  ['session_corrections', 'session_id', 'intervention_sessions', 'RESTRICT', 'FK_437f0e391353b06b01bcfaca6f3', 'FK_058cca0f67453499fc32b7618a1'],
  ['deliveries', 'event_id', 'outbox_events', 'RESTRICT', 'FK_6a9b04f909fedcc6438b48b90c1', 'FK_b22b9dcf8e4274ca8122a039dff'],
  ['deliveries', 'pupil_id', 'pupils', 'RESTRICT', 'FK_9e6b19ebd8e1d19d8d1daa38a9f', 'FK_f109e2a286124f5e85b9505307a'],
  ['inbox_messages', 'delivery_id', 'deliveries', 'RESTRICT', 'FK_e3a687f193989c6a96ec51272d7', 'FK_fdce96f106d95d75abb3135fc80'],
  ['plan_cycles', 'pupil_id', 'pupils', 'RESTRICT', 'FK_b0133f1eef30241288385525760', 'FK_7cf07c692c33523b0187a6e5743'],
  ['plan_cycles', 'previous_cycle_id', 'plan_cycles', 'RESTRICT', 'FK_850eab0b9af835db88727dbf564', 'FK_8c7ccd423b377640200459007b3'],
  ['plan_versions', 'pupil_id', 'pupils', 'RESTRICT', 'FK_e3422e46de8ad3cabbb753d29b8', 'FK_da769cde847aa3cd5cea7d77f86'],
  ['plan_versions', 'cycle_id', 'plan_cycles', 'RESTRICT', 'FK_eb6845fac58f5a7fd036744d197', 'FK_9837e8cd4c0f7ef671875af1830'],
  ['plan_targets', 'pupil_id', 'pupils', 'RESTRICT', 'FK_6976cefe9bb7591b919d0e395a5', 'FK_f75e08cf1a53df2ba4b1f326ee3'],
  ['plan_targets', 'version_id', 'plan_versions', 'RESTRICT', 'FK_87f0d7dab80e07d571c49ee3408', 'FK_9f9bbae6783c5917ac438a8ea25'],
  ['plan_targets', 'carried_from_id', 'plan_targets', 'RESTRICT', 'FK_be76df44a4c88a4cbcd05f52689', 'FK_830ddb1d937b86cf27ef18d4a53'],
  ['plan_provisions', 'pupil_id', 'pupils', 'RESTRICT', 'FK_9b783ff8c538c0568c071023d17', 'FK_44b71194feb490e84811a5822a7'],
  ['plan_provisions', 'version_id', 'plan_versions', 'RESTRICT', 'FK_4a6120647b3dc6c219a4cf987c9', 'FK_0d0e423a54217b17f68a75ba604'],
  ['plan_provisions', 'intervention_id', 'interventions', 'RESTRICT', 'FK_eef8a0278e80516aefa8c92812e', 'FK_f7c936961c896b47e9fc365c24c'],
  ['plan_reviews', 'pupil_id', 'pupils', 'RESTRICT', 'FK_e8a154531b3c56eae5ef83af91d', 'FK_f7decbdcfb5167645693b7065c6'],
  ['plan_reviews', 'cycle_id', 'plan_cycles', 'RESTRICT', 'FK_40578928fc95ec0acf181257c0a', 'FK_4cc000eeb45b3d25f0daf277f63'],
  ['plan_reviews', 'version_id', 'plan_versions', 'RESTRICT', 'FK_80906c137e5665c1cfb17bfead6', 'FK_288e4af44c13de45a7b6a67e1fa'],
  ['review_outcomes', 'pupil_id', 'pupils', 'RESTRICT', 'FK_3891b8543667684bca55d8df657', 'FK_886b1d71b11ec927b9aabe34f9a'],
  ['review_outcomes', 'review_id', 'plan_reviews', 'RESTRICT', 'FK_9caa58477aa78b2e13ded2027d6', 'FK_ce0abdf046c384627cafb03cd0e'],
  ['review_outcomes', 'target_id', 'plan_targets', 'RESTRICT', 'FK_5e5071ada5f9c1ae6eac9e2fc69', 'FK_b5e826f3d8c5cd58337fe24a947'],
  ['professional_reports', 'pupil_id', 'pupils', 'RESTRICT', 'FK_5582c7f54b9b00a99d1800de433', 'FK_d64c5157ef0c84c0c145fb80ef0'],
  ['professional_reports', 'cycle_id', 'plan_cycles', 'RESTRICT', 'FK_26e3137263e3ca18f0dff1ece21', 'FK_2dfe8cb57df28276ca186c822eb'],
  ['plan_contributions', 'pupil_id', 'pupils', 'RESTRICT', 'FK_aedec9415917c568d295a79fbbd', 'FK_0a5c97a585eb76df7631efeee12'],
  ['plan_contributions', 'cycle_id', 'plan_cycles', 'RESTRICT', 'FK_3aa8d4bce1974e5611c6de344d4', 'FK_0ab8e56e96ac1dfc29427f5a5fa'],
  ['plan_contributions', 'target_id', 'plan_targets', 'RESTRICT', 'FK_b0c978a5596f0e0c5cf4fe7cf24', 'FK_603ec390f014f2b3e963d1c011b'],
  ['review_reminders', 'cycle_id', 'plan_cycles', 'RESTRICT', 'FK_dc608486eecb83ec1f1fbc7acd6', 'FK_2677cef14a5bd8043669f9d0e07'],
  ['access_events', 'pupil_id', 'pupils', 'RESTRICT', 'FK_005801eff04bf32dae3f897f681', 'FK_a378a1a9f8dd090e8049085e776'],
  ['subject_access_exports', 'pupil_id', 'pupils', 'RESTRICT', 'FK_afab03f5d7f2c65bd75a8b2e398', 'FK_f1001bb672d09a2a81308b977f3'],
  ['retention_items', 'pupil_id', 'pupils', 'RESTRICT', 'FK_a00473e3ffb8b7086cd7490c0d7', 'FK_7f7f24e6433a2197bfce3a69248'],
  ['ehc_plans', 'pupil_id', 'pupils', 'RESTRICT', 'FK_28caf91dc5d17d743b295786d8a', 'FK_f4a45ead91b5c10fb1fa679f718'],
  ['ehc_reviews', 'pupil_id', 'pupils', 'RESTRICT', 'FK_66401f26b3d6c6bf1b01c80e2bf', 'FK_2703b625648074d22ad7bde4dbc'],
  ['ehc_reviews', 'plan_id', 'ehc_plans', 'RESTRICT', 'FK_d6aa09f81286dd08dbafb832e22', 'FK_2435487bb9e524e493e6f8ef256'],
  ['ehc_review_invitees', 'pupil_id', 'pupils', 'RESTRICT', 'FK_65620acd096b2318768add44fcb', 'FK_c7867a56fe25c260ec8440f73ee'],
  ['ehc_review_invitees', 'review_id', 'ehc_reviews', 'RESTRICT', 'FK_4829813d403b6699e01b8fe1706', 'FK_5158519b1b493ae2ca140fc5921'],
  ['ehc_review_reminders', 'pupil_id', 'pupils', 'RESTRICT', 'FK_ce655aa44bdaafd4dc2360a6c79', 'FK_c95c5f8175953cdd5edae0cca2f'],
  ['ehc_review_reminders', 'review_id', 'ehc_reviews', 'RESTRICT', 'FK_8915c570d6c828589c575e4cb9d', 'FK_ffd2948ac5c591e6712e715b9fe'],
  ['ehc_requests', 'pupil_id', 'pupils', 'RESTRICT', 'FK_4c0079822db87043f072887b039', 'FK_e819ee8f8f4041be9fee514df88'],
  ['ehc_requests', 'review_id', 'plan_reviews', 'RESTRICT', 'FK_4855e07ccd8086a254fe2892fcf', 'FK_c9bb390bb8c5df3d3d1e047df31'],
  ['ehc_request_events', 'pupil_id', 'pupils', 'RESTRICT', 'FK_81eabc9fe57d15ce1118875387f', 'FK_c48531f0b7b31f9ec71372797f2'],
  ['ehc_request_events', 'request_id', 'ehc_requests', 'RESTRICT', 'FK_a2e0f1768d994b684170fd8afd5', 'FK_9bfc1ffc111204686fe57f42ab3'],
  ['ehc_request_events', 'corrects_id', 'ehc_request_events', 'RESTRICT', 'FK_0a6b217bf304ca11a268a0cb2dc', 'FK_cce834f6b5c5f280ae981c7ecc8'],
  ['ehc_request_reminders', 'pupil_id', 'pupils', 'RESTRICT', 'FK_273f71d1ca44d33f9461afb4706', 'FK_16d654286afeef209dd84148426'],
  ['ehc_request_reminders', 'request_id', 'ehc_requests', 'RESTRICT', 'FK_c0e81766b79221d8e8612b60bd9', 'FK_001f809a694a4b5c790247fedac'],
  ['report_renders', 'report_id', 'sen_reports', 'RESTRICT', 'FK_8cadfda98ec835ea2cacac7c84f', 'FK_fa6e8be90f3c6b6dfc91c580224'],
];

/** [index, new definition, old definition (null: a new index)]. */
const INDEXES: [string, string, string | null][] = [
  [
    'uq_invitations_token_hash',
    'CREATE UNIQUE INDEX "uq_invitations_token_hash" ON "invitations" ("school_id", "token_hash")',
    'CREATE UNIQUE INDEX uq_invitations_token_hash ON invitations (token_hash)',
  ],
  ['idx_invitations_token_hash', 'CREATE INDEX "idx_invitations_token_hash" ON "invitations" ("token_hash")', null],
  [
    'uq_group_staff_group_user',
    'CREATE UNIQUE INDEX "uq_group_staff_group_user" ON "group_staff" ("school_id", "group_id", "user_id")',
    'CREATE UNIQUE INDEX uq_group_staff_group_user ON group_staff (group_id, user_id)',
  ],
  [
    'uq_intervention_sessions_group_slot',
    'CREATE UNIQUE INDEX "uq_intervention_sessions_group_slot" ON "intervention_sessions" ("school_id", "group_id", "date", "start_time")',
    'CREATE UNIQUE INDEX uq_intervention_sessions_group_slot ON intervention_sessions (group_id, date, start_time)',
  ],
  [
    'uq_session_attendance_session_pupil',
    'CREATE UNIQUE INDEX "uq_session_attendance_session_pupil" ON "session_attendance" ("school_id", "session_id", "pupil_id")',
    'CREATE UNIQUE INDEX uq_session_attendance_session_pupil ON session_attendance (session_id, pupil_id)',
  ],
  [
    'uq_calendar_feeds_token_hash',
    'CREATE UNIQUE INDEX "uq_calendar_feeds_token_hash" ON "calendar_feeds" ("school_id", "token_hash")',
    'CREATE UNIQUE INDEX uq_calendar_feeds_token_hash ON calendar_feeds (token_hash)',
  ],
  ['idx_calendar_feeds_token_hash', 'CREATE INDEX "idx_calendar_feeds_token_hash" ON "calendar_feeds" ("token_hash")', null],
  [
    'uq_inbox_messages_delivery',
    'CREATE UNIQUE INDEX "uq_inbox_messages_delivery" ON "inbox_messages" ("school_id", "delivery_id")',
    'CREATE UNIQUE INDEX uq_inbox_messages_delivery ON inbox_messages (delivery_id)',
  ],
  [
    'uq_plan_cycles_one_open',
    'CREATE UNIQUE INDEX "uq_plan_cycles_one_open" ON "plan_cycles" ("school_id", "pupil_id") WHERE "status" IN (\'planning\', \'active\')',
    "CREATE UNIQUE INDEX uq_plan_cycles_one_open ON plan_cycles (pupil_id) WHERE ((status)::text = ANY ((ARRAY['planning'::character varying, 'active'::character varying])::text[]))",
  ],
  [
    'uq_plan_cycles_pupil_number',
    'CREATE UNIQUE INDEX "uq_plan_cycles_pupil_number" ON "plan_cycles" ("school_id", "pupil_id", "number")',
    'CREATE UNIQUE INDEX uq_plan_cycles_pupil_number ON plan_cycles (pupil_id, number)',
  ],
  [
    'uq_plan_versions_one_active',
    'CREATE UNIQUE INDEX "uq_plan_versions_one_active" ON "plan_versions" ("school_id", "cycle_id") WHERE "status" = \'active\'',
    "CREATE UNIQUE INDEX uq_plan_versions_one_active ON plan_versions (cycle_id) WHERE ((status)::text = 'active'::text)",
  ],
  [
    'uq_plan_versions_one_draft',
    'CREATE UNIQUE INDEX "uq_plan_versions_one_draft" ON "plan_versions" ("school_id", "cycle_id") WHERE "status" = \'draft\'',
    "CREATE UNIQUE INDEX uq_plan_versions_one_draft ON plan_versions (cycle_id) WHERE ((status)::text = 'draft'::text)",
  ],
  [
    'uq_plan_versions_cycle_version',
    'CREATE UNIQUE INDEX "uq_plan_versions_cycle_version" ON "plan_versions" ("school_id", "cycle_id", "version")',
    'CREATE UNIQUE INDEX uq_plan_versions_cycle_version ON plan_versions (cycle_id, version)',
  ],
  [
    'uq_plan_reviews_cycle',
    'CREATE UNIQUE INDEX "uq_plan_reviews_cycle" ON "plan_reviews" ("school_id", "cycle_id")',
    'CREATE UNIQUE INDEX uq_plan_reviews_cycle ON plan_reviews (cycle_id)',
  ],
  [
    'uq_review_outcomes_target',
    'CREATE UNIQUE INDEX "uq_review_outcomes_target" ON "review_outcomes" ("school_id", "target_id")',
    'CREATE UNIQUE INDEX uq_review_outcomes_target ON review_outcomes (target_id)',
  ],
  [
    'uq_review_reminders_key',
    'CREATE UNIQUE INDEX "uq_review_reminders_key" ON "review_reminders" ("school_id", "cycle_id", "kind", "review_date", "step")',
    'CREATE UNIQUE INDEX uq_review_reminders_key ON review_reminders (cycle_id, kind, review_date, step)',
  ],
  [
    'uq_ehc_review_reminders_key',
    'CREATE UNIQUE INDEX "uq_ehc_review_reminders_key" ON "ehc_review_reminders" ("school_id", "review_id", "kind", "deadline", "stage")',
    'CREATE UNIQUE INDEX uq_ehc_review_reminders_key ON ehc_review_reminders (review_id, kind, deadline, stage)',
  ],
  [
    'uq_ehc_request_events_corrects',
    'CREATE UNIQUE INDEX "uq_ehc_request_events_corrects" ON "ehc_request_events" ("school_id", "corrects_id") WHERE corrects_id IS NOT NULL',
    'CREATE UNIQUE INDEX uq_ehc_request_events_corrects ON ehc_request_events (corrects_id) WHERE (corrects_id IS NOT NULL)',
  ],
  [
    'uq_ehc_request_reminders_key',
    'CREATE UNIQUE INDEX "uq_ehc_request_reminders_key" ON "ehc_request_reminders" ("school_id", "request_id", "clock", "kind", "due_on")',
    'CREATE UNIQUE INDEX uq_ehc_request_reminders_key ON ehc_request_reminders (request_id, clock, kind, due_on)',
  ],
  [
    'uq_professional_shares_token_hash',
    'CREATE UNIQUE INDEX "uq_professional_shares_token_hash" ON "professional_shares" ("school_id", "token_hash")',
    'CREATE UNIQUE INDEX uq_professional_shares_token_hash ON professional_shares (token_hash)',
  ],
  ['idx_professional_shares_token_hash', 'CREATE INDEX "idx_professional_shares_token_hash" ON "professional_shares" ("token_hash")', null],
  [
    'uq_share_codes_session_hash',
    'CREATE UNIQUE INDEX "uq_share_codes_session_hash" ON "share_codes" ("school_id", "session_hash")',
    'CREATE UNIQUE INDEX uq_share_codes_session_hash ON share_codes (session_hash)',
  ],
  ['idx_share_codes_session_hash', 'CREATE INDEX "idx_share_codes_session_hash" ON "share_codes" ("session_hash")', null],
];

/** The two tables that keep their key on id (platform mail): a unique (school_id, id) for the foreign keys. */
const UNIQUE_SCHOOL_ID: [string, string][] = [
  ['outbox_events', 'uq_outbox_events_school_id'],
  ['deliveries', 'uq_deliveries_school_id'],
];

/** [table, constraint, new definition, old definition]. */
const EXCLUSIONS: [string, string, string, string][] = [
  [
    'sen_status_entries',
    'ex_sen_status_no_overlap',
    `EXCLUDE USING gist ("school_id" WITH =, "pupil_id" WITH =, daterange("start_date", "end_date", '[)') WITH &&)`,
    `EXCLUDE USING gist ("pupil_id" WITH =, daterange("start_date", "end_date", '[)') WITH &&)`,
  ],
  [
    'group_enrolments',
    'ex_group_enrolments_no_overlap',
    `EXCLUDE USING gist ("school_id" WITH =, "group_id" WITH =, "pupil_id" WITH =, daterange("starts_on", "ends_on", '[]') WITH &&)`,
    `EXCLUDE USING gist ("group_id" WITH =, "pupil_id" WITH =, daterange("starts_on", "ends_on", '[]') WITH &&)`,
  ],
];

export class CitusKeys1765270000000 implements MigrationInterface {
  name = 'CitusKeys1765270000000';

  async up(q: QueryRunner): Promise<void> {
    for (const [table, , , , old] of FOREIGN_KEYS) await q.query(`ALTER TABLE "${table}" DROP CONSTRAINT "${old}"`);
    for (const [table, old, columns] of PRIMARY_KEYS) {
      await q.query(`ALTER TABLE "${table}" DROP CONSTRAINT "${old}"`);
      await q.query(`ALTER TABLE "${table}" ADD CONSTRAINT "pk_${table}" PRIMARY KEY (${columns.map((c) => `"${c}"`).join(', ')})`);
    }
    for (const [name, definition, old] of INDEXES) {
      if (old) await q.query(`DROP INDEX "${name}"`);
      await q.query(definition);
    }
    for (const [table, name] of UNIQUE_SCHOOL_ID) await q.query(`ALTER TABLE "${table}" ADD CONSTRAINT "${name}" UNIQUE ("school_id", "id")`);
    for (const [table, column, ref, onDelete, , name] of FOREIGN_KEYS) {
      await q.query(
        `ALTER TABLE "${table}" ADD CONSTRAINT "${name}" FOREIGN KEY ("school_id", "${column}") REFERENCES "${ref}"("school_id", "id") ON DELETE ${onDelete} ON UPDATE NO ACTION`,
      );
    }
    for (const [table, name, definition] of EXCLUSIONS) {
      await q.query(`ALTER TABLE "${table}" DROP CONSTRAINT "${name}"`);
      await q.query(`ALTER TABLE "${table}" ADD CONSTRAINT "${name}" ${definition}`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table, name, , old] of EXCLUSIONS) {
      await q.query(`ALTER TABLE "${table}" DROP CONSTRAINT "${name}"`);
      await q.query(`ALTER TABLE "${table}" ADD CONSTRAINT "${name}" ${old}`);
    }
    for (const [table, , , , , name] of FOREIGN_KEYS) await q.query(`ALTER TABLE "${table}" DROP CONSTRAINT "${name}"`);
    for (const [table, name] of UNIQUE_SCHOOL_ID) await q.query(`ALTER TABLE "${table}" DROP CONSTRAINT "${name}"`);
    for (const [name, , old] of INDEXES) {
      await q.query(`DROP INDEX "${name}"`);
      if (old) await q.query(old);
    }
    for (const [table, old, columns] of PRIMARY_KEYS) {
      await q.query(`ALTER TABLE "${table}" DROP CONSTRAINT "pk_${table}"`);
      await q.query(
        `ALTER TABLE "${table}" ADD CONSTRAINT "${old}" PRIMARY KEY (${columns
          .filter((c) => c !== 'school_id')
          .map((c) => `"${c}"`)
          .join(', ')})`,
      );
    }
    for (const [table, column, ref, onDelete, old] of FOREIGN_KEYS) {
      await q.query(
        `ALTER TABLE "${table}" ADD CONSTRAINT "${old}" FOREIGN KEY ("${column}") REFERENCES "${ref}"("id") ON DELETE ${onDelete} ON UPDATE NO ACTION`,
      );
    }
  }
}
