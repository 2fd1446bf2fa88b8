import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';

/** A person or group credited on the article. */
const author = z.object({
  name: z.string().min(1),
  affiliation: z.string().optional(),
  /** "author" wrote the essay; "reproduction" built this edition. */
  role: z.enum(['author', 'reproduction']),
});

const essay = defineCollection({
  loader: glob({ pattern: '**/*.mdx', base: './content/essay' }),
  schema: z.object({
    title: z.string().min(1),
    authors: z.array(author).min(1),
    date: z.coerce.date(),
    version: z.string().regex(/^\d+\.\d+\.\d+$/),
    description: z.string().min(20).max(300),
    abstract: z.string().min(20),
  }),
});

export const collections = { essay };
