/**
 * The school's "who can join classes" decision (lib/classroom/domain-policy, pure) as the invite
 * form runs it in the browser, with the setting the server page hands it.
 */
export { domainRefusal, emailDomain, type JoinSetting } from "@/lib/classroom/domain-policy";
