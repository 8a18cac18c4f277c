"""One small APIRouter per file."""
