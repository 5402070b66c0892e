import { signInAction } from "@/lib/actions/auth";

import { Button } from "../ui/button";
import { SessionForm } from "./session-form";

/** Signs in with Google; a signed-in browser is signed out first (lib/actions/auth.ts), never linked. */
export function SignInButton({
  callbackUrl = "/start",
  size = "lg",
  label = "Sign in with Google",
}: {
  callbackUrl?: string;
  size?: "md" | "lg";
  label?: string;
}) {
  return (
    <SessionForm action={signInAction}>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <Button type="submit" size={size} className="shadow-sm">
        <svg aria-hidden viewBox="0 0 48 48" className="size-5 rounded-full bg-white p-0.5">
          <path
            fill="#EA4335"
            d="M24 9.5c3.5 0 6.6 1.2 9 3.5l6.7-6.7C35.6 2.4 30.2 0 24 0 14.6 0 6.6 5.4 2.6 13.3l7.8 6C12.3 13.4 17.7 9.5 24 9.5z"
          />
          <path
            fill="#4285F4"
            d="M46.5 24.5c0-1.6-.1-3.1-.4-4.5H24v9h12.7c-.6 3-2.3 5.5-4.8 7.2l7.6 5.9c4.4-4.1 7-10.1 7-17.6z"
          />
          <path
            fill="#FBBC05"
            d="M10.4 28.7A14.5 14.5 0 0 1 9.5 24c0-1.6.3-3.2.9-4.7l-7.8-6A24 24 0 0 0 0 24c0 3.9.9 7.5 2.6 10.7l7.8-6z"
          />
          <path
            fill="#34A853"
            d="M24 48c6.5 0 11.9-2.1 15.9-5.8l-7.6-5.9c-2.1 1.4-4.9 2.3-8.3 2.3-6.3 0-11.7-3.9-13.6-9.6l-7.8 6C6.6 42.6 14.6 48 24 48z"
          />
        </svg>
        {label}
      </Button>
    </SessionForm>
  );
}
