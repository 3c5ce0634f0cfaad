global using Recommender.Server.Persistence;
