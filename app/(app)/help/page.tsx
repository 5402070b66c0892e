import type { Metadata } from "next";
import Link from "next/link";

import { HELP_TOPIC_TITLES, type HelpTopic } from "@/lib/view/help";

export const metadata: Metadata = { title: "How invitations work" };

// Facts from Google's own pages, as docs/classroom-api.md records them (§3 who may do what,
// §6.2 class limits); the links below go to Google's public pages.
const CLASS_LIMITS = "https://support.google.com/edu/classroom/answer/7300976";
const DOMAIN_ERRORS = "https://support.google.com/edu/classroom/answer/6237384";
const CO_TEACHERS = "https://support.google.com/edu/classroom/answer/6190760";
const ADMIN_TRANSFER = "https://support.google.com/edu/classroom/answer/7477648";

const sectionClass = "scroll-mt-24 rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200";
const linkClass = "font-medium text-brand-700 underline";

/** The page's short table of contents; the sections' own titles are HELP_TOPIC_TITLES, as help links name them. */
const ON_THIS_PAGE: readonly (readonly [HelpTopic, string])[] = [
  ["roles", "Roles"],
  ["ownership", "Ownership"],
  ["daily-cap", "Daily limit"],
  ["domains", "Domain settings"],
  ["direct-add", "Adding directly"],
];

/** One topic: a card headed by its title (the one an error's help link names), then its points (list items). */
function HelpSection({ topic, children }: { topic: HelpTopic; children: React.ReactNode }) {
  return (
    <section id={topic} aria-labelledby={`${topic}-title`} className={sectionClass}>
      <h2 id={`${topic}-title`} className="text-lg font-semibold">
        {HELP_TOPIC_TITLES[topic]}
      </h2>
      <ul className="mt-2 list-disc space-y-1 pl-5 text-sm text-slate-800">{children}</ul>
    </section>
  );
}

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
            {ON_THIS_PAGE.map(([topic, label]) => (
              <li key={topic}>
                <a href={`#${topic}`} className={linkClass}>
                  {label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </header>

      <HelpSection topic="roles">
        <li>
          <strong>Student</strong>: takes part in the class.
        </li>
        <li>
          <strong>Co-teacher</strong>: teaches the class and can invite others. Co-teachers can do what the owner does,
          except delete the class, remove the owner or transfer it.
        </li>
        <li>
          <strong>Owner</strong>: the one primary teacher. There is only one owner per class.
        </li>
        <li>
          An invitation waits until the person accepts or declines it; until then they are not in the class. Someone who
          is already a member, in that role or a higher one, can&apos;t be invited again. To change the role of a
          pending invitation, the dashboard revokes it and sends a new one.
        </li>
      </HelpSection>

      <HelpSection topic="ownership">
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
      </HelpSection>

      <HelpSection topic="daily-cap">
        <li>
          A teacher can send up to 500 invitations a day with a school account (100 with a personal one). When the limit
          is reached, Classroom refuses further invitations until the next day; the dashboard says so and keeps the rest
          for you to send later.
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
      </HelpSection>

      <HelpSection topic="domains">
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
      </HelpSection>

      <HelpSection topic="direct-add">
        <li>
          A domain administrator can put people of their own domain straight into a class as students or co-teachers: no
          email, no consent step, no waiting.
        </li>
        <li>
          Teachers can&apos;t: Classroom makes them invite. People outside the domain always need an invitation, and so
          does a new owner.
        </li>
        <li>A pending invitation for the same person and class is replaced by the direct add.</li>
      </HelpSection>

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
