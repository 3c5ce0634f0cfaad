// Placeholder so the Web SDK project builds on this branch; the real host lives on the host branch.
await Task.CompletedTask;
