import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

// Testing Library unmounts what a test rendered only where `afterEach` is a global; here it is imported.
afterEach(cleanup);
