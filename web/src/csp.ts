import { z } from 'zod';

// The server's Content-Security-Policy allows no eval: zod would otherwise probe `Function('')`
// at its first parse (a CSP violation) to compile validators. Imported first by main.tsx.
z.config({ jitless: true });
