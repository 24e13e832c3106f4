// Session lifetimes, shared by the session code and the API schema (isomorphic: no server imports).
export const EMBED_TTL_SECONDS = 30 * 60;
export const HOSTED_DEFAULT_TTL_SECONDS = 7 * 24 * 60 * 60;
/** The limits a vendor may choose within with `expires_in`. */
export const TTL_LIMITS = {
  embed: { min: 5 * 60, max: EMBED_TTL_SECONDS },
  hosted: { min: 15 * 60, max: HOSTED_DEFAULT_TTL_SECONDS },
} as const;
