"use client";
// The fields of a new organization, shared by the switcher's dialog and the no-organization page
// (OR-01, OR-02): a name, and a slug derived from it as the user types until they edit the slug
// themselves. The server applies the same rules again; its field errors show under their field.
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";

import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";
import { useActionMutation } from "@/components/ui/use-action-mutation";
import { createOrganizationAction } from "@/lib/actions/organizations";
import { MAX_ORG_NAME_LENGTH, MAX_SLUG_LENGTH, slugFromName, slugProblem } from "@/lib/orgs/organization-schemas";

type Errors = Partial<Record<"name" | "slug", string>>;

/** Where a new organization's owner goes first: its API keys, where the work starts. */
export const organizationHome = (slug: string) => `/${encodeURIComponent(slug)}/settings/api-credentials`;

export function useCreateOrganizationForm() {
  const router = useRouter();
  const [name, setName] = useState("");
  const [slug, setSlug] = useState("");
  const [slugEdited, setSlugEdited] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const create = useActionMutation(createOrganizationAction, {
    onSuccess: (org) => {
      toast.success(`Organization "${org.name}" created.`);
      router.push(organizationHome(org.slug));
      router.refresh();
    },
  });

  function reset() {
    create.reset();
    setName("");
    setSlug("");
    setSlugEdited(false);
    setErrors({});
  }

  function onNameChange(value: string) {
    setName(value);
    if (!slugEdited) setSlug(slugFromName(value));
    setErrors({});
    create.clearFieldError("name", "slug");
  }

  function onSlugChange(value: string) {
    setSlug(value.toLowerCase());
    setSlugEdited(true);
    setErrors((current) => ({ ...current, slug: undefined }));
    create.clearFieldError("slug");
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const next: Errors = {};
    if (name.trim() === "") next.name = "Enter a name.";
    const problem = slugProblem(slug);
    if (problem) next.slug = problem;
    setErrors(next);
    if (next.name || next.slug) {
      const first = event.currentTarget.querySelector<HTMLInputElement>(next.name ? "[name=name]" : "[name=slug]");
      first?.focus();
      return;
    }
    void create.run({ name, slug });
  }

  const fieldErrors: Errors = {
    name: errors.name ?? create.fieldError("name"),
    slug: errors.slug ?? create.fieldError("slug"),
  };
  // The top-of-form message only when no field carries it.
  const formError = fieldErrors.name || fieldErrors.slug ? null : create.error;
  return { name, slug, onNameChange, onSlugChange, onSubmit, fieldErrors, formError, pending: create.pending, reset };
}

export type CreateOrganizationForm = ReturnType<typeof useCreateOrganizationForm>;

export function OrganizationFields({ form }: { form: CreateOrganizationForm }) {
  return (
    <>
      <FormField label="Organization name" error={form.fieldErrors.name}>
        <Input
          name="name"
          value={form.name}
          onChange={(e) => form.onNameChange(e.currentTarget.value)}
          maxLength={MAX_ORG_NAME_LENGTH}
          autoComplete="organization"
          required
        />
      </FormField>
      <FormField
        label="URL"
        description={
          <>
            Lowercase letters, digits and hyphens. Your organization&rsquo;s pages live at{" "}
            <span className="font-mono text-foreground" data-testid="slug-preview">
              /{form.slug || "…"}
            </span>
            .
          </>
        }
        error={form.fieldErrors.slug}
      >
        <Input
          name="slug"
          value={form.slug}
          onChange={(e) => form.onSlugChange(e.currentTarget.value)}
          maxLength={MAX_SLUG_LENGTH}
          autoComplete="off"
          spellCheck={false}
          className="font-mono"
          required
        />
      </FormField>
    </>
  );
}
