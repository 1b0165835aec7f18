import { toast as sonner, type ExternalToast } from "sonner";

type Message = Parameters<typeof sonner.success>[0];

/**
 * The app's toast API. Use this instead of importing sonner directly: success and info toasts
 * auto-dismiss, while error toasts stay until the user dismisses them, so nobody misses a failure
 * they did not have time to read. Never put a secret in a toast.
 */
export const toast = {
  success: (message: Message, options?: ExternalToast) => sonner.success(message, options),
  info: (message: Message, options?: ExternalToast) => sonner.info(message, options),
  error: (message: Message, options?: ExternalToast) =>
    sonner.error(message, { duration: Infinity, closeButton: true, ...options }),
  dismiss: (id?: string | number) => sonner.dismiss(id),
};
