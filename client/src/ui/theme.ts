export const colors = {
  brand: '#06c755',
  brandDark: '#04a246',
  text: '#111b21',
  muted: '#667781',
  border: '#e3e6e8',
  background: '#ffffff',
  surface: '#f5f6f7',
  mine: '#d9fdd3',
  theirs: '#f0f2f5',
  danger: '#d93025',
  online: '#22c55e',
  offline: '#b0b8bf',
  link: '#0a66c2',
};

export const WIDE_BREAKPOINT = 760;
