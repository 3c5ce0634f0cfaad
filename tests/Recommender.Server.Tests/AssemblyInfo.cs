// Tests here start real silos and servers; run one at a time so two cores are not oversubscribed.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
