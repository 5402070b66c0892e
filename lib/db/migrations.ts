/**
 * Ordered, append-only schema migrations. Never edit a shipped entry: add a new
 * one. The same SQL runs on PGlite (the embedded default) and on Postgres.
 */
export type Migration = { id: number; name: string; sql: string };

export const MIGRATIONS: readonly Migration[] = [
  {
    id: 1,
    name: "auth",
    sql: /* sql */ `
      CREATE TABLE users (
        id              text PRIMARY KEY DEFAULT gen_random_uuid()::text,
        name            text,
        email           text UNIQUE,
        email_verified  timestamptz,
        image           text,
        role            text CHECK (role IN ('admin', 'teacher', 'student')),
        role_checked_at timestamptz,
        created_at      timestamptz NOT NULL DEFAULT now()
      );

      -- Google tokens live here, encrypted (lib/auth/crypto.ts), never in a cookie.
      CREATE TABLE accounts (
        user_id             text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        type                text NOT NULL,
        provider            text NOT NULL,
        provider_account_id text NOT NULL,
        access_token        text,
        refresh_token       text,
        expires_at          bigint,
        token_lifetime      integer,
        token_type          text,
        scope               text,
        refresh_error       text,
        updated_at          timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (provider, provider_account_id)
      );
      CREATE INDEX accounts_user_id_idx ON accounts (user_id);

      -- session_hash is SHA-256 of the cookie value, so a database leak yields no usable cookies.
      CREATE TABLE sessions (
        session_hash text PRIMARY KEY,
        user_id      text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        expires      timestamptz NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX sessions_user_id_idx ON sessions (user_id);
    `,
  },
  {
    id: 2,
    name: "activity",
    sql: /* sql */ `
      CREATE TABLE activity_log (
        id             bigserial PRIMARY KEY,
        at             timestamptz NOT NULL DEFAULT now(),
        actor_id       text,
        actor_email    text NOT NULL,
        action         text NOT NULL,
        course_id      text,
        course_name    text,
        invitee        text,
        role           text,
        invitation_id  text,
        outcome        text NOT NULL CHECK (outcome IN ('ok', 'error')),
        error_code     text,
        batch_id       text,
        details        jsonb
      );
      CREATE INDEX activity_log_at_idx ON activity_log (at DESC);
      CREATE INDEX activity_log_course_idx ON activity_log (course_id, at DESC);

      -- What the Classroom API does not keep: who created an invitation, and when we first saw it.
      CREATE TABLE invitation_meta (
        invitation_id text PRIMARY KEY,
        course_id     text NOT NULL,
        invitee       text,
        role          text,
        inviter_email text,
        first_seen_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX invitation_meta_course_idx ON invitation_meta (course_id);

      CREATE TABLE profile_cache (
        user_id    text PRIMARY KEY,
        email      text,
        name       text,
        photo_url  text,
        fetched_at timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
  {
    id: 3,
    name: "one-google-account-per-user",
    sql: /* sql */ `
      -- Before this migration a sign-in made while someone else was signed in linked the new Google
      -- account to the signed-in dashboard user. Each Google account of such a merged user now gets
      -- a dashboard user of its own (with its own tokens); the merged user keeps its email and its
      -- activity history, loses its sessions and role, and the next sign-in of each Google account
      -- claims the email (lib/auth/identity.ts). identity_repairs records every account moved.
      CREATE TABLE identity_repairs (
        id                  bigserial PRIMARY KEY,
        at                  timestamptz NOT NULL DEFAULT now(),
        old_user_id         text NOT NULL,
        new_user_id         text NOT NULL,
        provider            text NOT NULL,
        provider_account_id text NOT NULL
      );

      INSERT INTO identity_repairs (old_user_id, new_user_id, provider, provider_account_id)
      SELECT a.user_id, gen_random_uuid()::text, a.provider, a.provider_account_id
      FROM accounts a
      WHERE (a.user_id, a.provider) IN (SELECT user_id, provider FROM accounts GROUP BY 1, 2 HAVING count(*) > 1);

      INSERT INTO users (id, name, image) SELECT r.new_user_id, NULL, NULL FROM identity_repairs r;

      UPDATE accounts a SET user_id = r.new_user_id, updated_at = now()
      FROM identity_repairs r
      WHERE a.provider = r.provider AND a.provider_account_id = r.provider_account_id;

      DELETE FROM sessions WHERE user_id IN (SELECT old_user_id FROM identity_repairs);

      UPDATE users SET role = NULL, role_checked_at = NULL WHERE id IN (SELECT old_user_id FROM identity_repairs);

      -- Set when a new Google account (a new sub) signs in with this user's address: the address
      -- moves to the new user, and the old one keeps it here beside its activity history.
      ALTER TABLE users ADD COLUMN former_email text;

      -- One Google account per dashboard user (the primary key already gives one user per Google account).
      CREATE UNIQUE INDEX accounts_one_per_provider_idx ON accounts (user_id, provider);
    `,
  },
  {
    id: 4,
    name: "jobs",
    sql: /* sql */ `
      -- A bulk job (lib/jobs): what the browser asked for, run on the server by pg-boss workers.
      CREATE TABLE jobs (
        id            text PRIMARY KEY DEFAULT gen_random_uuid()::text,
        kind          text NOT NULL CHECK (kind IN ('invite', 'revoke', 'change-role', 'resend')),
        creator_id    text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        creator_email text NOT NULL,
        state         text NOT NULL DEFAULT 'queued'
                      CHECK (state IN ('queued', 'running', 'waiting', 'paused', 'done', 'failed', 'cancelled')),
        pause_reason  text,
        wait_until    timestamptz,
        total         integer NOT NULL,
        created_at    timestamptz NOT NULL DEFAULT now(),
        updated_at    timestamptz NOT NULL DEFAULT now(),
        finished_at   timestamptz
      );
      CREATE INDEX jobs_creator_idx ON jobs (creator_id, created_at DESC);
      CREATE INDEX jobs_state_idx ON jobs (state);

      -- One row per item, with its own state and outcome. 'sending' = posted, answer not yet
      -- recorded: after a crash it is reconciled by listing, never posted again blindly.
      CREATE TABLE job_items (
        job_id        text NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
        seq           integer NOT NULL,
        course_id     text NOT NULL,
        invitee       text NOT NULL,
        role          text,
        invitation_id text,
        state         text NOT NULL DEFAULT 'pending'
                      CHECK (state IN ('pending', 'sending', 'done', 'failed', 'cancelled')),
        outcome       text,
        error_code    text,
        attempts      integer NOT NULL DEFAULT 0,
        updated_at    timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (job_id, seq)
      );
      CREATE INDEX job_items_state_idx ON job_items (job_id, state, seq);

      -- Invitations each sender created (or is creating) in the current window, for the daily
      -- cap. 'outside' rows stand for invitations Google counted that the dashboard did not send.
      CREATE TABLE invitation_ledger (
        id        bigserial PRIMARY KEY,
        sender_id text NOT NULL,
        at        timestamptz NOT NULL,
        job_id    text,
        seq       integer,
        source    text NOT NULL DEFAULT 'job' CHECK (source IN ('job', 'outside'))
      );
      CREATE INDEX invitation_ledger_sender_idx ON invitation_ledger (sender_id, at);
      CREATE INDEX invitation_ledger_item_idx ON invitation_ledger (job_id, seq);
    `,
  },
  {
    id: 5,
    name: "roster-sync",
    sql: /* sql */ `
      -- A committed roster sync is one job whose items mix operations: each item says its own.
      ALTER TABLE jobs DROP CONSTRAINT jobs_kind_check;
      ALTER TABLE jobs ADD CONSTRAINT jobs_kind_check
        CHECK (kind IN ('invite', 'revoke', 'change-role', 'resend', 'roster-sync'));
      ALTER TABLE job_items ADD COLUMN op text CHECK (op IS NULL OR op IN ('invite', 'revoke', 'change-role'));

      -- A saved sync (lib/roster): the roster as last uploaded, the class mapping and the options,
      -- re-runnable. Each commit is a run, with the job that carried it out and what it changed.
      CREATE TABLE roster_profiles (
        id          text PRIMARY KEY DEFAULT gen_random_uuid()::text,
        owner_id    text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        name        text NOT NULL,
        source_name text NOT NULL,
        roster      jsonb NOT NULL,
        mapping     jsonb NOT NULL DEFAULT '{}'::jsonb,
        options     jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now(),
        UNIQUE (owner_id, name)
      );

      CREATE TABLE roster_runs (
        id         bigserial PRIMARY KEY,
        profile_id text NOT NULL REFERENCES roster_profiles(id) ON DELETE CASCADE,
        job_id     text REFERENCES jobs(id) ON DELETE SET NULL,
        actor_id   text NOT NULL,
        at         timestamptz NOT NULL DEFAULT now(),
        counts     jsonb NOT NULL
      );
      CREATE INDEX roster_runs_profile_idx ON roster_runs (profile_id, at DESC);
    `,
  },
  {
    id: 6,
    name: "quota-leases",
    sql: /* sql */ `
      -- Slices of Google's per-minute quotas leased by app instances sharing this database
      -- (lib/google/quota-lease-sql.ts). used is NULL while a slice is open; ends_at is when it may
      -- last be spent from (plus a grace) while open, and when it was settled after.
      CREATE TABLE quota_leases (
        id          bigserial PRIMARY KEY,
        scope       text NOT NULL,
        instance_id text NOT NULL,
        granted     integer NOT NULL CHECK (granted > 0),
        used        integer CHECK (used >= 0),
        granted_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
        ends_at     timestamptz NOT NULL
      );
      CREATE INDEX quota_leases_scope_idx ON quota_leases (scope, ends_at);
    `,
  },
  {
    id: 7,
    name: "jobs-recreate-and-ledger",
    sql: /* sql */ `
      -- A change of role or a resend deletes and re-creates: the role the invitation had when it
      -- was chosen, so the job can refuse one that changed meanwhile.
      ALTER TABLE job_items ADD COLUMN from_role text;
      -- Invitations created outside a job (the create form, a change of role) count against the
      -- same daily budget as the jobs' own.
      ALTER TABLE invitation_ledger DROP CONSTRAINT IF EXISTS invitation_ledger_source_check;
      ALTER TABLE invitation_ledger ADD CONSTRAINT invitation_ledger_source_check
        CHECK (source IN ('job', 'outside', 'interactive'));
    `,
  },
  {
    id: 8,
    name: "invitation-lifecycle",
    sql: /* sql */ `
      -- What became of an invitation once it left Classroom's pending list, as this dashboard saw it
      -- (lib/db/invitation-meta.ts). closed_at: when the dashboard noticed (or made) its end; outcome:
      -- 'accepted' (the invitee is a member in that role), 'revoked' (gone, and they are not; by
      -- observation this also covers a decline), 'declined' (done here by the invitee), 'replaced'
      -- (deleted and re-created by a change of role or a resend); NULL while not yet classified.
      ALTER TABLE invitation_meta ADD COLUMN user_id text;
      ALTER TABLE invitation_meta ADD COLUMN closed_at timestamptz;
      ALTER TABLE invitation_meta ADD COLUMN outcome text
        CHECK (outcome IS NULL OR outcome IN ('accepted', 'revoked', 'declined', 'replaced'));
      ALTER TABLE invitation_meta ADD COLUMN outcome_source text
        CHECK (outcome_source IS NULL OR outcome_source IN ('dashboard', 'observed'));
      CREATE INDEX invitation_meta_open_idx ON invitation_meta (course_id) WHERE closed_at IS NULL;
      CREATE INDEX invitation_meta_first_seen_idx ON invitation_meta (first_seen_at);
      CREATE INDEX invitation_meta_closed_idx ON invitation_meta (closed_at) WHERE closed_at IS NOT NULL;
    `,
  },
  {
    id: 9,
    name: "roster-member-ops",
    sql: /* sql */ `
      -- A roster sync may also add members directly and remove members the roster does not list.
      ALTER TABLE job_items DROP CONSTRAINT IF EXISTS job_items_op_check;
      ALTER TABLE job_items ADD CONSTRAINT job_items_op_check
        CHECK (op IS NULL OR op IN ('invite', 'revoke', 'change-role', 'add', 'remove'));
    `,
  },
  {
    id: 11,
    name: "quota-lease-lanes",
    sql: /* sql */ `
      -- Which lane leased each quota slice (lib/google/quota-lease-sql.ts): background grants are
      -- paced over the background slices of the last few seconds on every instance. Rows of
      -- instances that predate this count as interactive, which paces nothing.
      ALTER TABLE quota_leases ADD COLUMN lane text NOT NULL DEFAULT 'interactive'
        CHECK (lane IN ('interactive', 'background'));
    `,
  },
];
