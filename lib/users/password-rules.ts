// The password length rules, importable by client components (password.ts pulls in argon2).
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;
