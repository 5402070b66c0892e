import Link from "next/link";

import { HELP_TOPIC_TITLES, helpTopicOf, type HelpTopic } from "@/lib/view/help";

/** The /help section that explains an error, when its entry in the error table names one. */
export function HelpLink({ code, className = "mt-2" }: { code: string; className?: string }) {
  const topic = helpTopicOf(code);
  if (!topic) return null;
  return <HelpTopicLink topic={topic} className={className} />;
}

export function HelpTopicLink({ topic, className = "" }: { topic: HelpTopic; className?: string }) {
  return (
    <p className={className}>
      <Link href={`/help#${topic}`} className="font-medium text-brand-700 underline">
        Help: {HELP_TOPIC_TITLES[topic].toLowerCase()}
      </Link>
    </p>
  );
}
