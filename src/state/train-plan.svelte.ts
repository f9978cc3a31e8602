// The stage plan the Data page's schedule designer and the Train page share: one instance for the
// tab, so a mix designed on the Data page is the pre-training schedule the Train page starts.
import { defaultPlan, type PlanForm } from '../components/train/plan-recipe';

export class TrainPlan {
  form = $state<PlanForm>(defaultPlan());

  /** Back to the defaults (keeping the chosen sources). */
  reset(): void {
    const sources = this.form.pretrain.sources;
    this.form = defaultPlan();
    this.form.pretrain.sources = sources;
  }
}

export const trainPlan = new TrainPlan();
