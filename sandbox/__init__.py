"""Local stand-ins for Medusa v2 and Contentful that speak their real wire formats."""
