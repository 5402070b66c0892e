import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "How invitations work" };

// Facts from Google's own pages, as docs/classroom-api.md records them (§3 who may do what,
// §6.2 class limits); the links below go to Google's public pages.
const CLASS_LIMITS = "https://support.google.com/edu/classroom/answer/7300976";
const DOMAIN_ERRORS = "https://support.google.com/edu/classroom/answer/6237384";
const CO_TEACHERS = "https://support.google.com/edu/classroom/answer/6190760";
const ADMIN_TRANSFER = "https://support.google.com/edu/classroom/answer/7477648";

const sectionClass = "scroll-mt-24 rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200";
const linkClass = "font-medium text-brand-700 underline";

/** A short guide to Classroom's own rules, which the dashboard follows and explains in its errors. */
export default function HelpPage() {
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <header>
        <h1 className="text-2xl font-semibold">How invitations work in Classroom</h1>
        <p className="mt-1 text-sm text-slate-600">
          The dashboard sends the same invitations Google Classroom does, so Classroom&apos;s rules apply. Here they are
          in short.
        </p>
        <nav aria-label="On this page" className="mt-3">
          <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
            <li>
              <a href="#roles" className={linkClass}>
                Roles
              </a>
            </li>
            <li>
              <a href="#ownership" className={linkClass}>
                Ownership
              </a>
            </li>
            <li>
              <a href="#daily-cap" className={linkClass}>
                Daily limit
              </a>
            </li>
            <li>
              <a href="#domains" className={linkClass}>
                Domain settings
              </a>
            </li>
            <li>
              <a href="#direct-add" className={linkClass}>
                Adding directly
              </a>
            </li>
          </ul>
        </nav>
      </header>

      <section id="roles" aria-labelledby="roles-title" className={sectionClass}>
        <h2 id="roles-title" className="text-lg font-semibold">
          Roles in a class
        </h2>
        <ul className="mt-2 list-disc space-y-1 pl-5 text-sm text-slate-800">
          <li>
            <strong>Student</strong>: takes part in the class.
          </li>
          <li>
            <strong>Co-teacher</strong>: teaches the class and can invite others. Co-teachers can do what the owner
            does, except delete the class, remove the owner or transfer it.
          </li>
          <li>
            <strong>Owner</strong>: the one primary teacher. There is only one owner per class.
          </li>
          <li>
            An invitation waits until the person accepts or declines it; until then they are not in the class. Someone
            who is already a member, in that role or a higher one, can&apos;t be invited again. To change the role of a
            pending invitation, the dashboard revokes it and sends a new one.
          </li>
        </ul>
      </section>

      <section id="ownership" aria-labelledby="ownership-title" className={sectionClass}>
        <h2 id="ownership-title" className="text-lg font-semibold">
          How ownership moves
        </h2>
        <ul className="mt-2 list-disc space-y-1 pl-5 text-sm text-slate-800">
          <li>Only the class owner or a domain administrator can invite a new owner.</li>
          <li>
            The new owner must already be a co-teacher of the class. Invite them as a co-teacher first; once they have
            accepted, invite them as owner.
          </li>
          <li>
            A class has at most one ownership invitation waiting at a time. The transfer happens when the new owner
            accepts; the previous owner stays on as a co-teacher.
          </li>
          <li>
            Google&apos;s guides:{" "}
            <a href={CO_TEACHERS} className={linkClass} target="_blank" rel="noopener noreferrer">
              add a co-teacher
            </a>{" "}
            and{" "}
            <a href={ADMIN_TRANSFER} className={linkClass} target="_blank" rel="noopener noreferrer">
              transfer class ownership as an administrator
            </a>
            .
          </li>
        </ul>
      </section>

      <section id="daily-cap" aria-labelledby="daily-cap-title" className={sectionClass}>
        <h2 id="daily-cap-title" className="text-lg font-semibold">
          The daily invitation limit
        </h2>
        <ul className="mt-2 list-disc space-y-1 pl-5 text-sm text-slate-800">
          <li>
            A teacher can send up to 500 invitations a day with a school account (100 with a personal one). When the
            limit is reached, Classroom refuses further invitations until the next day; the dashboard says so and keeps
            the rest for you to send later.
          </li>
          <li>
            A class holds up to 50 teachers and 1,000 members in all; a person can be in up to 1,000 classes.
            Google&apos;s list:{" "}
            <a href={CLASS_LIMITS} className={linkClass} target="_blank" rel="noopener noreferrer">
              Classroom limits
            </a>
            .
          </li>
          <li>Adding people directly (below) sends no invitation, so it does not count toward this limit.</li>
        </ul>
      </section>

      <section id="domains" aria-labelledby="domains-title" className={sectionClass}>
        <h2 id="domains-title" className="text-lg font-semibold">
          Domain settings
        </h2>
        <ul className="mt-2 list-disc space-y-1 pl-5 text-sm text-slate-800">
          <li>
            Each school&apos;s administrator decides in the Google Admin console who may join its classes: only its own
            users, users of listed domains, any Google Workspace user, or anyone.
          </li>
          <li>
            Both sides count: the school that runs the class and the invitee&apos;s own school can each refuse. The
            dashboard warns about addresses outside your domain before it sends.
          </li>
          <li>
            Google&apos;s guide:{" "}
            <a href={DOMAIN_ERRORS} className={linkClass} target="_blank" rel="noopener noreferrer">
              domain errors in Classroom
            </a>
            .
          </li>
        </ul>
      </section>

      <section id="direct-add" aria-labelledby="direct-add-title" className={sectionClass}>
        <h2 id="direct-add-title" className="text-lg font-semibold">
          Adding people directly
        </h2>
        <ul className="mt-2 list-disc space-y-1 pl-5 text-sm text-slate-800">
          <li>
            A domain administrator can put people of their own domain straight into a class as students or co-teachers:
            no email, no consent step, no waiting.
          </li>
          <li>
            Teachers can&apos;t: Classroom makes them invite. People outside the domain always need an invitation, and
            so does a new owner.
          </li>
          <li>A pending invitation for the same person and class is replaced by the direct add.</li>
        </ul>
      </section>

      <p className="text-sm text-slate-600">
        Back to{" "}
        <Link href="/invitations" className={linkClass}>
          invitations
        </Link>
        .
      </p>
    </div>
  );
}
