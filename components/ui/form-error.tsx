// The live region for a form's or a dialog's error. It is always rendered (empty and hidden when
// there is no error) so screen readers announce the message when it appears.
const TONES = {
  /** A red box, for the top of a form or above a dialog's buttons. */
  box: "rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900",
  /** Red text only, inside a notice that already has its own box. */
  text: "font-medium text-red-900",
};

export function FormError({ error, tone = "box" }: { error: string | null | undefined; tone?: keyof typeof TONES }) {
  return (
    <div role="alert" className="empty:hidden">
      {error ? <p className={TONES[tone]}>{error}</p> : null}
    </div>
  );
}
