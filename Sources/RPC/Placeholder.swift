// placeholder until generated/implemented
