import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { ProblemError } from './api/client';
import { DataTable, ErrorSummary, Page, Pager, Select, TextField, pageRange } from './ui';

describe('ErrorSummary', () => {
  it('shows nothing without an error', () => {
    const { container } = render(<ErrorSummary error={null} />);
    expect(container.innerHTML).toBe('');
  });

  it("lists the API's field errors under the problem's detail and takes the focus, so a screen reader hears it", () => {
    const error = new ProblemError(400, {
      detail: 'The request has invalid fields',
      errors: [{ field: 'dateOfBirth', message: 'dateOfBirth must be a date' }, { message: 'a row is refused' }],
    });
    render(<ErrorSummary error={error} />);
    const alert = screen.getByRole('alert');
    expect(within(alert).getByRole('heading').textContent).toBe('There is a problem');
    expect(alert.textContent).toContain('The request has invalid fields');
    expect(
      within(alert)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['dateOfBirth: dateOfBirth must be a date', 'a row is refused']);
    expect(document.activeElement).toBe(alert);
  });

  it('shows a plain error (a network failure) without a list', () => {
    render(<ErrorSummary error={new Error('Failed to fetch')} />);
    expect(screen.getByRole('alert').textContent).toContain('Failed to fetch');
    expect(screen.queryByRole('list')).toBeNull();
  });
});

describe('form fields', () => {
  function NameField({ onChange }: { onChange: (v: string) => void }) {
    const [value, setValue] = useState('');
    return (
      <TextField
        label="Preferred name"
        hint="What the pupil likes to be called"
        value={value}
        onChange={(v) => {
          setValue(v);
          onChange(v);
        }}
      />
    );
  }

  it('a text field is named by its label and described by its hint, and reports what is typed', () => {
    const onChange = vi.fn();
    render(<NameField onChange={onChange} />);
    const input = screen.getByLabelText('Preferred name');
    expect(input.tagName).toBe('INPUT');
    const hint = document.getElementById(input.getAttribute('aria-describedby') ?? '');
    expect(hint?.textContent).toBe('What the pupil likes to be called');
    fireEvent.change(input, { target: { value: 'Sam' } });
    expect(onChange).toHaveBeenCalledWith('Sam');
    expect((input as HTMLInputElement).value).toBe('Sam');
  });

  it('a select offers its labels, an empty choice when asked, and gives back the chosen value', () => {
    const onChange = vi.fn();
    render(
      <Select
        label="Area of need"
        value=""
        empty="Choose"
        options={{ SEMH: 'Social, emotional and mental health', SLCN: 'Speech, language and communication' }}
        onChange={onChange}
      />,
    );
    const select = screen.getByLabelText('Area of need');
    expect(
      within(select)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Choose', 'Social, emotional and mental health', 'Speech, language and communication']);
    fireEvent.change(select, { target: { value: 'SLCN' } });
    expect(onChange).toHaveBeenCalledWith('SLCN');
  });
});

describe('Page', () => {
  it('sets the document title and moves the focus to its heading', () => {
    render(
      <Page title="Register">
        <p>content</p>
      </Page>,
    );
    expect(document.title).toBe('Register – SEN Manager');
    expect(document.activeElement).toBe(screen.getByRole('heading', { level: 1, name: 'Register' }));
  });
});

describe('lists', () => {
  it('a data table is a labelled, focusable region with column headings', () => {
    render(
      <DataTable label="Pupils" columns={['Name', 'Year']}>
        <tr>
          <td>Sam</td>
          <td>4</td>
        </tr>
      </DataTable>,
    );
    const region = screen.getByRole('region', { name: 'Pupils' });
    expect(region.tabIndex).toBe(0);
    expect(
      within(region)
        .getAllByRole('columnheader')
        .map((th) => th.textContent),
    ).toEqual(['Name', 'Year']);
  });

  it('the pager shows where the reader is, and the first and last pages cannot go further', () => {
    const onPage = vi.fn();
    const { rerender } = render(<Pager label="pupils" page={1} pageSize={50} total={120} onPage={onPage} />);
    expect(screen.getByRole('navigation', { name: 'Pages of pupils' }).textContent).toContain('Page 1 of 3');
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Previous page' }).disabled).toBe(true);
    act(() => screen.getByRole('button', { name: 'Next page' }).click());
    expect(onPage).toHaveBeenCalledWith(2);
    rerender(<Pager label="pupils" page={3} pageSize={50} total={120} onPage={onPage} />);
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Next page' }).disabled).toBe(true);
  });

  it('no pager when one page holds everything', () => {
    const { container } = render(<Pager label="pupils" page={1} pageSize={50} total={50} onPage={() => undefined} />);
    expect(container.innerHTML).toBe('');
  });

  it('says which rows of how many are shown, or that none match', () => {
    expect(pageRange({ offset: 50, total: 1204, items: new Array(50) }, 'pupils')).toBe('Pupils 51 to 100 of 1,204');
    expect(pageRange({ offset: 0, total: 0, items: [] }, 'pupils')).toBe('No pupils match.');
  });
});
