// The table of the tutorial notebook the playground grows from: six sentences of three time
// steps, each step a 3-bit vector (111 and 000 are not one-hot: the notebook has them too).
export const NOTEBOOK_TABLE = `| x1  | x2  | x3  | y |
| --- | --- | --- | - |
| 001 | 010 | 100 | 1 |
| 100 | 111 | 000 | 0 |
| 001 | 010 | 100 | 1 |
| 100 | 000 | 111 | 1 |
| 111 | 010 | 100 | 0 |
| 100 | 010 | 000 | 0 |
`;
