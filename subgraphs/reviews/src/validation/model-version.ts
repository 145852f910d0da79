// The modelVersion argument that filters feedback. Versions are short printable names
// ("lr-nc-6b9b07c7903c"); a value with a control character matches nothing, and one with a NUL is
// a string PostgreSQL cannot even compare, so it is refused as the caller's mistake.
export const MAX_MODEL_VERSION_LENGTH = 128;

export const MODEL_VERSION_MESSAGE = `modelVersion must be a model version such as "lr-nc-6b9b07c7903c": 1 to ${MAX_MODEL_VERSION_LENGTH} characters, none of them control characters`;

const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;

export function isModelVersion(value: string): boolean {
  return value.length >= 1 && value.length <= MAX_MODEL_VERSION_LENGTH && !CONTROL.test(value);
}
