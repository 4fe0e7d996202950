import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './src/main/core/storage/schema.ts',
  out: './migrations',
});
