"""What pages show, prepared for their templates."""
