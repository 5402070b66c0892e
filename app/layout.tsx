import type { Metadata } from "next";

import { currentTheme } from "@/components/layout/theme";
import { Providers } from "@/components/providers";

import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Classroom Invitations", template: "%s · Classroom Invitations" },
  description: "See, send, revoke and accept Google Classroom invitations across your whole school.",
  icons: { icon: "/favicon.svg" },
  // A school's private dashboard: keep it out of search engines (see also public/robots.txt).
  robots: { index: false, follow: false },
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en" data-theme={await currentTheme()}>
      <body className="min-h-dvh">
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
