/** A problem in words, announced to screen readers; nothing when there is none. */
export function Problem({ children }: { children: React.ReactNode }) {
  if (!children) return null;
  return (
    <p role="alert" className="problem">
      {children}
    </p>
  );
}
