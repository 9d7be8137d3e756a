/** Default page cache of the embedded database in megabytes (VELLUM_EMBEDDED_CACHE_MB). */
export const EMBEDDED_CACHE_MB = 16;
