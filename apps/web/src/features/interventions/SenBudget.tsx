import { useQueryClient } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { $api } from '../../api/query';
import { errorOf, showProblemOnFields } from '../../forms/problem-fields';
import { ErrorSummary, Field } from '../../ui';

const pounds = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });

/**
 * The notional SEN budget for a year, in pounds on the page and pence to the API. The API has no read of it
 * on its own (the provision map shows it against the year's cost), so the form sets it and says what was saved.
 */
export function SenBudgetForm({ schoolId, year, yearName }: { schoolId: string; year: number; yearName: string }) {
  const queryClient = useQueryClient();
  const { register, handleSubmit, setError, formState } = useForm<{ amount: string }>({ defaultValues: { amount: '' } });
  const save = $api.useMutation('put', '/v1/schools/{schoolId}/sen-budgets/{academicYear}', {
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['get', '/v1/schools/{schoolId}/provision-map'] }),
  });
  const submit = handleSubmit(({ amount }) => {
    const value = Number(amount.replace(/[£,\s]/g, ''));
    if (amount.trim() === '' || !Number.isFinite(value) || value < 0) {
      setError('amount', { type: 'page', message: 'Enter the budget in pounds, for example 42000' });
      return;
    }
    save.mutate(
      { params: { path: { schoolId, academicYear: year } }, body: { amountPence: Math.round(value * 100) } },
      { onError: (error) => showProblemOnFields<{ amount: string }>(error, setError, (field) => (field === 'amountPence' ? 'amount' : null)) },
    );
  });
  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-labelledby="budget-h">
      <h2 id="budget-h">Notional SEN budget for {yearName}</h2>
      <ErrorSummary error={errorOf(save.error)} />
      <Field label="Budget in pounds" hint="What the provision map costs the year’s support against" error={formState.errors.amount?.message}>
        {(id, describedBy) => <input id={id} type="text" inputMode="decimal" aria-describedby={describedBy} {...register('amount')} />}
      </Field>
      <p>
        <button type="submit" className="button" disabled={save.isPending}>
          Save the budget
        </button>
      </p>
      {save.data && (
        <p role="status">
          Saved: {pounds.format(save.data.amountPence / 100)} for {yearName}.
        </p>
      )}
    </form>
  );
}
