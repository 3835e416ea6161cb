import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { getTenant, updateTenant, type TenantSettings } from '../../api/tenant';
import { ProblemMessage } from '../../components/problem-message';
import { Loading } from '../../components/states';

/** Tenant settings (SPEC C1): the tenant's name and sign-in address, and the username rule. */
export function TenantSettingsPage() {
  const qc = useQueryClient();
  const tenant = useQuery({ queryKey: ['tenant'], queryFn: getTenant });
  const [requireEmail, setRequireEmail] = useState(false);
  useEffect(() => {
    if (tenant.data) setRequireEmail(tenant.data.requireEmailUsername);
  }, [tenant.data]);
  const save = useMutation({
    mutationFn: () => updateTenant({ requireEmailUsername: requireEmail }),
    onSuccess: (t) => qc.setQueryData(['tenant'], t),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const t = tenant.data;
  return (
    <>
      <h1>Tenant settings</h1>
      <ProblemMessage error={tenant.error} />
      {tenant.isPending ? (
        <Loading label="Loading the tenant's settings…" />
      ) : t ? (
        <div className="cards">
          <TenantIdentityCard tenant={t} />
          <section className="card" aria-labelledby="tenant-usernames">
            <h2 id="tenant-usernames">Usernames</h2>
            <form onSubmit={submit}>
              <label className="check">
                <input type="checkbox" checked={requireEmail} onChange={(e) => setRequireEmail(e.target.checked)} />
                Usernames must be email addresses
              </label>
              <p className="muted">Applies to users created or renamed from now on, by any provider or by hand.</p>
              <ProblemMessage error={save.error} />
              <div className="actions">
                <button type="submit" disabled={save.isPending || requireEmail === t.requireEmailUsername}>
                  Save
                </button>
                <span role="status" className="reason">
                  {save.isSuccess && requireEmail === t.requireEmailUsername ? 'Saved.' : ''}
                </span>
              </div>
            </form>
          </section>
        </div>
      ) : null}
    </>
  );
}

/** The tenant's name, slug and the address its users sign in at (the default tenant has no /t/ prefix). */
function TenantIdentityCard({ tenant: t }: { tenant: TenantSettings }) {
  const signInAddress = `${window.location.origin}${t.slug === 'default' ? '' : `/t/${t.slug}`}/sign-in`;
  return (
    <section className="card" aria-labelledby="tenant-identity">
      <h2 id="tenant-identity">Tenant</h2>
      <dl className="fields">
        <dt>Name</dt>
        <dd>{t.name}</dd>
        <dt>Slug</dt>
        <dd>
          <code>{t.slug}</code>
        </dd>
        <dt>Sign-in address</dt>
        <dd>{signInAddress}</dd>
      </dl>
    </section>
  );
}
