import Link from "next/link";
import type { ComponentProps } from "react";

/**
 * A link to one of our pages, without Next's prefetching. Every page is rendered on demand from the chain and the
 * indexer (`force-dynamic`), so a prefetch fetches little that the click can reuse, while the header's nine links and
 * a catalog page's 24 cards would each fire one as the page loads: 20 requests and their processing on the main
 * thread in the seconds a phone is busiest (measured with Lighthouse on the work page). The page loads on click.
 */
export function PageLink(props: ComponentProps<typeof Link>) {
  return <Link prefetch={false} {...props} />;
}
