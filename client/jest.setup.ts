// Test environment setup shared by every jest suite.
