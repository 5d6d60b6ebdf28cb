// Application errors typed from the catalogue in schemas/errors.json (generated constants):
// the type is explicit and non-retryable follows the catalogue, never a class name.
import { ApplicationFailure } from "@temporalio/common";
import { type ErrorType, Retryable } from "./gen/registry";

export function appFailure(type: ErrorType, message: string, cause?: Error): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: !Retryable[type], cause });
}

/** One line: messages cross languages and land in logs, where a newline splits an event. */
export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").trim();
}
