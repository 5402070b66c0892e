import { redirect } from "next/navigation";

import { DemoBadge } from "@/components/layout/demo-badge";
import { Logo } from "@/components/layout/logo";
import { SignInButton } from "@/components/layout/sign-in-button";
import { getCurrentUser } from "@/lib/auth/session";

const FEATURES = [
  {
    title: "Every pending invitation, in one place",
    body: "Teachers see all of their classes at once. Admins see the whole domain, loaded in parallel batches within Google's quotas.",
  },
  {
    title: "Bulk invite with a dry run",
    body: "Paste a list or upload a CSV. Preview what will happen to every row before anything is sent, then watch it go.",
  },
  {
    title: "Revoke, re-role, accept",
    body: "Revoke in bulk, change a role safely, and let students accept their invitations in one click.",
  },
  {
    title: "A history Classroom doesn't keep",
    body: "Who invited whom, when, and what happened — recorded for every action taken through the dashboard.",
  },
];

export default async function LandingPage({ searchParams }: { searchParams: Promise<{ signedOut?: string }> }) {
  if (await getCurrentUser()) redirect("/home");
  const { signedOut } = await searchParams;
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="mx-auto flex w-full max-w-6xl items-center justify-between px-6 py-5">
        <Logo />
        <DemoBadge />
      </header>
      <main className="mx-auto w-full max-w-6xl flex-1 px-6">
        {signedOut ? (
          <p
            role="status"
            className="mb-6 rounded-lg bg-emerald-50 px-4 py-3 text-sm text-emerald-800 ring-1 ring-emerald-200"
          >
            You have been signed out.
          </p>
        ) : null}
        <section className="grid items-center gap-12 py-12 lg:grid-cols-2 lg:py-20">
          <div>
            <h1 className="text-4xl font-bold tracking-tight text-slate-900 sm:text-5xl">
              Google Classroom invitations, under control.
            </h1>
            <p className="mt-5 text-lg text-slate-600">
              Who was invited but never joined? Which invitations are stuck in archived classes? Send, track, revoke and
              accept invitations across your whole school — with your own Google account.
            </p>
            <div className="mt-8 flex flex-wrap items-center gap-4">
              <SignInButton />
              <p className="text-sm text-slate-500">Uses your own Classroom permissions. Nothing more.</p>
            </div>
          </div>
          <ul className="grid gap-4 sm:grid-cols-2">
            {FEATURES.map((f) => (
              <li key={f.title} className="rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
                <h2 className="font-semibold text-slate-900">{f.title}</h2>
                <p className="mt-2 text-sm text-slate-600">{f.body}</p>
              </li>
            ))}
          </ul>
        </section>
      </main>
      <footer className="border-t border-slate-200 py-6 text-center text-xs text-slate-500">
        Open source. Not affiliated with Google. Google Classroom is a trademark of Google LLC.
      </footer>
    </div>
  );
}
