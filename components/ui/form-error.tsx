// The live region for a form's or a dialog's error. It is always rendered (empty and hidden when
// there is no error) so screen readers announce the message when it appears.
const TONES = {
  /** A red box, for the top of a form or above a dialog's buttons. */
  box: "rounded-md border border-danger-border bg-danger-surface px-3 py-2 text-sm text-danger-foreground",
  /** Red text only, inside a notice that already has its own box. */
  text: "font-medium text-danger-foreground",
};

export function FormError({ error, tone = "box" }: { error: string | null | undefined; tone?: keyof typeof TONES }) {
  return (
    <div role="alert" className="empty:hidden">
      {error ? <p className={TONES[tone]}>{error}</p> : null}
    </div>
  );
}
