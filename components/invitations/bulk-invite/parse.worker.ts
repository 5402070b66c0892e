// Parses a pasted or uploaded list off the main thread: a list of several megabytes takes
// seconds to read, and the page must keep answering keystrokes meanwhile.
import { parseBulkSummary, type BulkParseRequest } from "./parse-summary";

addEventListener("message", (event: MessageEvent<BulkParseRequest>) => {
  const { id, text, defaults } = event.data;
  postMessage({ id, result: parseBulkSummary(text, defaults) });
});
