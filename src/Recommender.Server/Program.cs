// The Recommender server: an Orleans silo co-hosted with the gRPC front end.
using Recommender.Server.Hosting;

var builder = WebApplication.CreateBuilder(args);
var settings = ServerSettings.From(builder.Configuration);
await builder.AddRecommenderAsync(settings);

var app = builder.Build();
app.MapRecommender();
await app.RunAsync();
