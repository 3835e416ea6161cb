import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { importUsers, type ImportReport } from '../../api/users';
import { Modal } from '../../components/modal';
import { ProblemMessage } from '../../components/problem-message';

function Report({ report }: { report: ImportReport }) {
  return (
    <section aria-label="Upload report">
      <p role="status">
        {report.dryRun
          ? `Dry run: ${report.created} of ${report.rows} users would be created; nothing was saved.`
          : `${report.created} of ${report.rows} users created.`}
      </p>
      {report.rejected.length > 0 ? (
        <div className="table-scroll short">
          <table>
            <caption>
              {report.rejected.length} line{report.rejected.length === 1 ? '' : 's'} refused
            </caption>
            <thead>
              <tr>
                <th scope="col">Line</th>
                <th scope="col">Username</th>
                <th scope="col">Problem</th>
              </tr>
            </thead>
            <tbody>
              {report.rejected.map((r) => (
                <tr key={r.line}>
                  <td>{r.line}</td>
                  <td>{r.userName || '—'}</td>
                  <td>{r.problems.map((p) => `${p.field}: ${p.reason}`).join('; ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

/** Bulk upload of local users from CSV (SPEC C6): a dry run first shows every line's fate, then the upload. */
export function ImportUsersDialog(props: { isOpen: boolean; onClose: () => void }) {
  const id = useId();
  const qc = useQueryClient();
  const [file, setFile] = useState<File>();
  const run = useMutation({
    mutationFn: async (dryRun: boolean) => importUsers(await (file as File).text(), dryRun),
    onSuccess: (r) => {
      if (!r.dryRun) void qc.invalidateQueries({ queryKey: ['users'] });
    },
  });
  const close = () => {
    setFile(undefined);
    run.reset();
    props.onClose();
  };
  return (
    <Modal isOpen={props.isOpen} onClose={close} title="Upload users from CSV" wide>
      <p className="muted">
        A header line, then one user per line: username, email, first name, last name, organization, roles (separated by
        “;”), and optionally password.
      </p>
      <label htmlFor={`${id}-file`}>CSV file</label>
      <input
        id={`${id}-file`}
        type="file"
        accept=".csv,text/csv"
        onChange={(e) => {
          setFile(e.target.files?.[0]);
          run.reset();
        }}
      />
      <ProblemMessage error={run.error} />
      {run.data ? <Report report={run.data} /> : null}
      <div className="actions">
        <button type="button" className="secondary" disabled={!file || run.isPending} onClick={() => run.mutate(true)}>
          Dry run
        </button>
        <button type="button" disabled={!file || run.isPending} onClick={() => run.mutate(false)}>
          Upload
        </button>
        <button type="button" className="secondary" onClick={close}>
          Close
        </button>
      </div>
    </Modal>
  );
}
