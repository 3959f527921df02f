ALTER TABLE "content_index" ADD COLUMN "perceptual_hashes" text[];
