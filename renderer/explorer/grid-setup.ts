// ag-grid Community only: the modules the explorer's grid uses (nothing Enterprise, so no licence
// check and no watermark) and a theme built from the app's CSS variables, so light and dark
// follow theme.css.
import {
  CellStyleModule,
  ColumnAutoSizeModule,
  EventApiModule,
  InfiniteRowModelModule,
  RenderApiModule,
  RowApiModule,
  RowStyleModule,
  ScrollApiModule,
  themeQuartz,
  type Module,
} from 'ag-grid-community';

export const GRID_MODULES: Module[] = [
  InfiniteRowModelModule,
  RowStyleModule,
  CellStyleModule,
  ColumnAutoSizeModule,
  ScrollApiModule,
  RowApiModule,
  RenderApiModule,
  EventApiModule,
];

export const ROW_HEIGHT = 24;

export const gridTheme = themeQuartz.withParams({
  backgroundColor: 'var(--bg)',
  foregroundColor: 'var(--fg)',
  borderColor: 'var(--border)',
  chromeBackgroundColor: 'var(--bg-raised)',
  headerBackgroundColor: 'var(--bg-raised)',
  headerTextColor: 'var(--fg-muted)',
  headerFontWeight: 600,
  headerFontSize: 11,
  accentColor: 'var(--accent)',
  fontFamily: 'var(--font)',
  fontSize: 12,
  rowHeight: ROW_HEIGHT,
  headerHeight: 28,
  spacing: 4,
  cellHorizontalPadding: 8,
  wrapperBorder: false,
  wrapperBorderRadius: 0,
  rowBorder: { color: 'var(--border)', style: 'solid', width: 1 },
  columnBorder: false,
  oddRowBackgroundColor: 'var(--bg)',
  rowHoverColor: 'var(--row-hover)',
  selectedRowBackgroundColor: 'var(--row-selected)',
});
