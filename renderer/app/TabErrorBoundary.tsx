// A rendering fault in one tab shows what went wrong and a way back, not a blank window: React
// unmounts the whole tree on an uncaught render error unless a boundary catches it (issue 16).
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { forgetKeptAnswers } from '../live/kept-answers.ts';

interface Props {
  /** Which tab this guards, for the message. */
  label: string;
  children: ReactNode;
}

interface State {
  error: Error | null;
}

export class TabErrorBoundary extends Component<Props, State> {
  state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  componentDidCatch(error: unknown, info: ErrorInfo): void {
    // Kept in the console for a bug report; the page shows the sentence.
    console.warn(`The ${this.props.label} tab failed to render:`, error, info.componentStack);
    // The answer it failed on may be a kept one: drawn again, from Try again or the tab, it would fail again.
    forgetKeptAnswers();
  }

  private retry = () => this.setState({ error: null });

  render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="app-message tab-fault" role="alert" data-testid="tab-fault">
        <h2>The {this.props.label} tab ran into a problem</h2>
        <p>{error.message || 'An unexpected error stopped this view from drawing.'}</p>
        <p>
          The other tabs still work. Try this one again, or reload the window; if it keeps happening, the details are in
          the developer console.
        </p>
        <div className="tab-fault-actions">
          <button className="chip" onClick={this.retry}>
            Try again
          </button>
          <button className="chip" onClick={() => location.reload()}>
            Reload window
          </button>
        </div>
      </div>
    );
  }
}
